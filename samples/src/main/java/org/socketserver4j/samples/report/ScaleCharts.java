package org.socketserver4j.samples.report;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The scale workload's own charts: per row the busy echo alone and beside the idle connections,
 * two bars each (solid: alone; light: beside) with the ratio beside / alone after them, for
 * requests/s, server CPU per request and p99 latency; and the share of its requests/s each row
 * kept beside them, where a selector that collapses under idle connections (poll) stands out
 * against one that does not (epoll).
 */
final class ScaleCharts {

    private final WorkloadReport workload;
    private final Function<ReportRow, String> colour;
    private final BiFunction<String, String, String> figure;
    private final String beside;

    /**
     * @param workload the scale workload
     * @param colour a row's colour
     * @param figure a chart (caption, SVG) as a figure of the page
     */
    ScaleCharts(WorkloadReport workload, Function<ReportRow, String> colour,
            BiFunction<String, String, String> figure) {
        this.workload = workload;
        this.colour = colour;
        this.figure = figure;
        this.beside = besideIdle(workload);
    }

    /** What the figures beside the idle connections are beside, e.g. {@code beside 10,000 idle connections}. */
    static String besideIdle(WorkloadReport workload) {
        return "beside " + Format.count(workload.heldConnections().orElse(0)) + " idle connections";
    }

    /** The charts, as figures; "" if no row was measured. */
    String html() {
        String per = Format.singular(workload.rateUnit());
        return kept()
                + pairs("throughput", "Busy " + workload.rateUnit() + " per second, alone and " + beside,
                        workload.rateUnit() + " per second", ReportRow::rate, value -> Format.tick(value) + "/s")
                + pairs("cpu", "Server CPU per busy " + per + ", alone and " + beside, "server CPU µs per " + per,
                        ReportRow::cpuMicrosPerUnit, value -> Format.figure(value) + " µs")
                + pairs("p99", "p99 latency of the busy " + workload.rateUnit() + ", alone and " + beside,
                        "p99 latency, µs", row -> row.latency().p99Nanos() / 1e3,
                        value -> Format.figure(value) + " µs");
    }

    /** Each row's requests/s beside the idle connections over alone: 1 kept them all. */
    private String kept() {
        List<BarChart.Bars> bars = measured().stream()
                .map(row -> {
                    double kept = row.rate() / row.alone().rate();
                    return new BarChart.Bars(row.label(), colour.apply(row), List.of(kept),
                            String.format(Locale.ROOT, "%.0f%% kept (%s)", 100 * kept, Format.ratio(kept)));
                })
                .filter(bar -> Double.isFinite(bar.values().getFirst()))
                .toList();
        return bars.isEmpty() ? "" : figure.apply("Share of its busy " + workload.rateUnit() + "/s a server keeps "
                + beside + " (beside / alone)", BarChart.svg("kept", "beside / alone", List.of("kept"), bars));
    }

    /**
     * A chart of {@code kind}: per row its {@code value} alone (solid) and beside (light), the text
     * both {@code shown} and their ratio beside / alone.
     */
    private String pairs(String kind, String caption, String axisTitle, ToDoubleFunction<ReportRow> value,
            Function<Double, String> shown) {
        List<BarChart.Bars> bars = measured().stream()
                .filter(row -> Double.isFinite(value.applyAsDouble(row))
                        || Double.isFinite(value.applyAsDouble(row.alone())))
                .map(row -> {
                    double alone = value.applyAsDouble(row.alone());
                    double besideValue = value.applyAsDouble(row);
                    return new BarChart.Bars(row.label(), colour.apply(row), List.of(alone, besideValue),
                            shown.apply(alone) + " → " + shown.apply(besideValue) + " ("
                                    + Format.ratio(besideValue / alone) + ")");
                })
                .toList();
        return bars.isEmpty() ? "" : figure.apply(caption,
                BarChart.svg(kind, axisTitle, List.of("alone", beside), bars));
    }

    private List<ReportRow> measured() {
        return workload.rows().stream().filter(row -> row.ok() && row.alone() != null).toList();
    }
}
