package org.socketserver4j.samples.report;

import java.util.ArrayList;
import java.util.List;
import org.socketserver4j.samples.LatencyPoint;

/**
 * Latency-percentile curves, a line per row: the percentile on the x axis spread as
 * log10(1/(1 - p)), so that 90, 99, 99.9 and 99.99 are evenly apart and the tail gets the room
 * (100, the maximum, is drawn where 99.999 would be); latency on a logarithmic y axis; a legend
 * on the right.
 */
final class LatencyChart {

    /** The percentiles with a tick. */
    static final List<Double> TICKS = List.of(50.0, 90.0, 99.0, 99.9, 99.99, 100.0);

    private static final int WIDTH = 560;
    private static final int LEFT = 64;
    private static final int TOP = 12;
    private static final int PLOT_HEIGHT = 260;
    private static final double X_MAX = 5;

    /**
     * One row's line.
     *
     * @param label the row's label
     * @param colour its colour
     * @param points its latency at each percentile drawn
     */
    record Line(String label, String colour, List<LatencyPoint> points) {}

    private LatencyChart() {}

    /** Where {@code percentile} falls on the x axis, 0 to {@link #X_MAX}. */
    static double spread(double percentile) {
        return percentile >= 100 ? X_MAX : Math.min(X_MAX, -Math.log10(1 - percentile / 100));
    }

    /** The chart ({@code data-chart="latency"}) of {@code lines}, each with at least one point. */
    static String svg(List<Line> lines) {
        int right = 24 + BarChart.labelWidth(lines.stream().map(Line::label).toList());
        int plotWidth = WIDTH - LEFT - right;
        int height = Math.max(TOP + PLOT_HEIGHT + 52, TOP + 18 * lines.size() + 10);
        double min = lines.stream().flatMap(line -> line.points().stream()).mapToDouble(LatencyPoint::nanos)
                .filter(nanos -> nanos > 0).min().orElse(1);
        double max = lines.stream().flatMap(line -> line.points().stream()).mapToDouble(LatencyPoint::nanos)
                .max().orElse(10);
        Axis y = Axis.log(min, Math.max(max, min));
        Svg svg = new Svg("latency", WIDTH, height, "latency by percentile");
        double bottom = TOP + PLOT_HEIGHT;
        for (double tick : y.ticks()) {
            double at = bottom - PLOT_HEIGHT * y.fraction(tick);
            svg.line(LEFT, at, LEFT + plotWidth, at, "grid");
            svg.text(LEFT - 6, at + 4, "end", "tick", Format.duration(tick));
        }
        for (double tick : TICKS) {
            double at = LEFT + plotWidth * spread(tick) / X_MAX;
            svg.line(at, TOP, at, bottom, "grid");
            svg.text(at, bottom + 16, "middle", "tick", Format.percentile(tick));
        }
        svg.line(LEFT, bottom, LEFT + plotWidth, bottom, "axis");
        svg.line(LEFT, TOP, LEFT, bottom, "axis");
        svg.text(LEFT + plotWidth / 2.0, bottom + 38, "middle", "axis-title",
                "percentile (log scale of 1/(1 − p); 100: the maximum)");
        svg.verticalText(14, TOP + PLOT_HEIGHT / 2.0, "axis-title", "latency (log scale)");
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            List<double[]> points = new ArrayList<>();
            for (LatencyPoint point : line.points()) {
                double x = LEFT + plotWidth * spread(point.percentile()) / X_MAX;
                double at = bottom - PLOT_HEIGHT * y.fraction(point.nanos());
                points.add(new double[] {x, at});
                svg.circle(x, at, 2.5, line.colour(), "mark dot", line.label() + ": p"
                        + Format.percentile(point.percentile()) + " " + Format.micros(point.nanos()) + " µs");
            }
            if (points.size() > 1) {
                svg.polyline(points, line.colour(), "mark curve", line.label());
            }
            double legendY = TOP + 10 + 18 * i;
            double legendX = LEFT + plotWidth + 18;
            svg.rect(legendX, legendY - 6, 18, 4, line.colour(), 1, "swatch", null)
                    .text(legendX + 24, legendY, "start", "legend", line.label());
        }
        return svg.toString();
    }
}
