package org.socketserver4j.samples.report;

import java.util.List;

/**
 * A horizontal bar chart: a group of bars per row (one per series, the first solid, the others
 * lighter in the row's colour), the row's label on the left, a text after the bars (the chart
 * wider for a long one), a linear axis from 0 with its title below, and a legend of the series
 * when there are several.
 */
final class BarChart {

    private static final int WIDTH = 560;
    private static final int RIGHT = 150;
    /** The least width of the bars' area: long labels (a selector in them) widen the chart instead. */
    private static final int MIN_PLOT = 280;
    private static final int TOP = 8;
    private static final int BAR = 16;
    private static final int GAP = 10;

    /**
     * One row's bars.
     *
     * @param label the row's label
     * @param colour its colour
     * @param values its value in each series (NaN: no bar)
     * @param text shown after its bars, e.g. {@code 120,000/s (1.02×)}
     */
    record Bars(String label, String colour, List<Double> values, String text) {}

    private BarChart() {}

    /** Room for the longest of {@code labels} at the charts' font size, within bounds. */
    static int labelWidth(List<String> labels) {
        int longest = labels.stream().mapToInt(String::length).max().orElse(0);
        return Math.max(80, Math.min(240, 16 + (int) Math.ceil(longest * 6.6)));
    }

    /** Room after the bars for the longest of {@code texts}: at least {@link #RIGHT}, the chart growing wider. */
    static int textWidth(List<String> texts) {
        int longest = texts.stream().mapToInt(String::length).max().orElse(0);
        return Math.max(RIGHT, Math.min(320, 16 + (int) Math.ceil(longest * 6.6)));
    }

    /**
     * The chart of {@code kind} (its {@code data-chart}) of {@code rows}, in {@code series}
     * (their names, for the legend), the axis titled {@code axisTitle}.
     */
    static String svg(String kind, String axisTitle, List<String> series, List<Bars> rows) {
        int groupHeight = series.size() * BAR + (series.size() - 1) * 2;
        int plotHeight = rows.size() * (groupHeight + GAP);
        int left = labelWidth(rows.stream().map(Bars::label).toList());
        int right = textWidth(rows.stream().map(Bars::text).toList());
        int plotWidth = Math.max(MIN_PLOT, WIDTH - left - RIGHT);
        boolean legend = series.size() > 1;
        int height = TOP + plotHeight + 44 + (legend ? 22 : 0);
        double max = rows.stream().flatMap(row -> row.values().stream())
                .filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(1);
        Axis axis = Axis.linear(max);
        Svg svg = new Svg(kind, left + plotWidth + right, height, axisTitle);
        double axisY = TOP + plotHeight;
        for (double tick : axis.ticks()) {
            double x = left + plotWidth * axis.fraction(tick);
            svg.line(x, TOP, x, axisY, "grid");
            svg.text(x, axisY + 16, "middle", "tick", Format.tick(tick));
        }
        svg.line(left, axisY, left + plotWidth, axisY, "axis");
        svg.text(left + plotWidth / 2.0, axisY + 36, "middle", "axis-title", axisTitle);
        for (int i = 0; i < rows.size(); i++) {
            Bars row = rows.get(i);
            double y = TOP + GAP / 2.0 + i * (groupHeight + GAP);
            double end = left;
            for (int s = 0; s < series.size(); s++) {
                double value = row.values().get(s);
                if (!Double.isFinite(value)) {
                    continue;
                }
                double width = Math.max(1, plotWidth * axis.fraction(value));
                svg.rect(left, y + s * (BAR + 2), width, BAR, row.colour(), s == 0 ? 1 : 0.45, "mark bar",
                        row.label() + (series.size() > 1 ? " (" + series.get(s) + ")" : "") + ": "
                                + Format.figure(value));
                end = Math.max(end, left + width);
            }
            double middle = y + groupHeight / 2.0 + 4;
            svg.text(left - 8, middle, "end", "label", row.label());
            svg.text(end + 6, middle, "start", "value", row.text());
        }
        if (legend) {
            double x = left;
            for (int s = 0; s < series.size(); s++) {
                svg.rect(x, axisY + 48, 14, 10, "#555", s == 0 ? 1 : 0.45, "swatch", null);
                svg.text(x + 20, axisY + 57, "start", "legend", series.get(s));
                x += 40 + 8 * series.get(s).length();
            }
        }
        return svg.toString();
    }
}
