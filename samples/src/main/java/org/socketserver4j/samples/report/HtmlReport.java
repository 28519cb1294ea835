package org.socketserver4j.samples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.socketserver4j.samples.CompareReport;

/**
 * A run's report as one self-contained HTML page ({@code compare --html}): no script, style or
 * font from anywhere else. At the top the date, machine and command; per workload its load, its
 * charts (SVG drawn here) and a table of its numbers, failed and not-run rows with their reason
 * (left out of the charts); an open loop's heading names its rate and its rows that fell behind are
 * marked. The charts: throughput (rate per row, with its ratio to the reference server),
 * latency-percentile curves, server CPU per unit, and, where known, memory (RSS and heap) and
 * threads; the scale workload's rates, CPU and p99 alone and beside the idle connections instead
 * ({@link ScaleCharts}). Each chart is an
 * {@code <svg class="chart" data-chart="KIND">}; {@code <body data-charts-written="N">} says how
 * many were written, and a small script sets {@code data-charts-rendered} to how many the browser
 * drew (an {@code svg} with a box and a mark of data that has one) once the page has loaded, and
 * {@code data-page-height} to the page's height in CSS pixels.
 */
public final class HtmlReport {

    /** Row colours, in the order rows first appear in the run: Tableau's ten. */
    private static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>socketserver4j compare, {{date}}</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
                   background: #fff; margin: 0 auto; padding: 1.5em 2em; max-width: 76em; line-height: 1.4; }
            h1 { font-size: 1.6em; margin: 0 0 .4em; }
            h2 { font-size: 1.3em; margin: 2em 0 .3em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em;
                   background: #f4f4f4; padding: 0 .2em; border-radius: 3px; }
            dl.run { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
            dl.run dt { font-weight: 600; color: #555; }
            dl.run dd { margin: 0; overflow-wrap: break-word; }
            span.word { white-space: nowrap; }
            p.load { color: #444; max-width: 60em; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em 2em; }
            figure { margin: .5em 0; }
            figcaption { font-weight: 600; margin-bottom: .2em; }
            svg.chart { max-width: 100%; height: auto; font-size: 12px; }
            svg .grid { stroke: #e6e6e6; }
            svg .axis { stroke: #888; }
            svg .tick, svg .label, svg .value, svg .legend { fill: #333; }
            svg .axis-title { fill: #555; font-style: italic; }
            svg .curve { stroke-width: 2; }
            table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
            th, td { border: 1px solid #ddd; padding: .25em .5em; }
            thead th { background: #f4f4f4; font-weight: 600; }
            td { text-align: right; font-variant-numeric: tabular-nums; }
            tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
            tr.failed td { text-align: left; color: #a40000; }
            tr.not-run td { text-align: left; color: #777; font-style: italic; }
            td.selector { text-align: left; }
            p.note { color: #666; font-size: .9em; }
            footer { margin-top: 3em; color: #888; font-size: .85em; }
            </style>
            <script>
            window.addEventListener('load', function () {
              var rendered = 0;
              document.querySelectorAll('svg.chart').forEach(function (svg) {
                var box = svg.getBBox();
                var drawn = Array.prototype.some.call(svg.querySelectorAll('.mark'), function (mark) {
                  var b = mark.getBBox();
                  return b.width > 0 || b.height > 0;
                });
                if (box.width > 0 && box.height > 0 && drawn) {
                  rendered++;
                }
              });
              document.body.setAttribute('data-charts-rendered', String(rendered));
              document.body.setAttribute('data-page-height', String(document.documentElement.scrollHeight));
            });
            </script>
            </head>
            <body data-charts-written="{{charts}}">
            <header>
            <h1>socketserver4j: strategies compared</h1>
            <dl class="run">
            <dt>Date</dt><dd>{{date}}</dd>
            <dt>Machine</dt><dd>{{machine}}</dd>
            <dt>Command</dt><dd><code>{{{command}}}</code></dd>
            <dt>Workloads</dt><dd>{{{contents}}}</dd>
            </dl>
            </header>
            {{{workloads}}}
            <footer>Written by <code>socketserver4j-samples compare</code>; the same figures as its Markdown
            tables and its <code>--json</code>.</footer>
            </body>
            </html>
            """;

    private static final String WORKLOAD = """
            <section id="{{id}}">
            <h2>{{title}} <code>{{name}}</code>{{openLoop}}</h2>
            <p class="load">{{{load}}}</p>
            {{{behind}}}
            <div class="charts">
            {{{charts}}}</div>
            {{{notCharted}}}{{{table}}}<p class="note">{{note}}</p>
            </section>
            """;

    private static final String FIGURE = """
            <figure><figcaption>{{caption}}</figcaption>
            {{{svg}}}</figure>
            """;

    private final Map<String, String> colours = new LinkedHashMap<>();
    private int charts;

    private HtmlReport() {}

    /** Writes {@code report} to {@code file} as a UTF-8 HTML page. */
    public static void write(RunReport report, Path file) throws IOException {
        Files.writeString(file, html(report), StandardCharsets.UTF_8);
    }

    /** {@code report} as an HTML page. */
    public static String html(RunReport report) {
        return new HtmlReport().page(report);
    }

    private String page(RunReport report) {
        report.workloads().forEach(workload -> workload.rows()
                .forEach(row -> colours.putIfAbsent(row.label(), PALETTE.get(colours.size() % PALETTE.size()))));
        StringBuilder sections = new StringBuilder();
        List<String> contents = new ArrayList<>();
        for (WorkloadReport workload : report.workloads()) {
            sections.append(section(workload));
            contents.add("<a href=\"#" + Html.escape(id(workload)) + "\">" + Html.escape(workload.name()) + "</a>");
        }
        return Html.fill(PAGE, Map.of(
                "date", report.date().toString(),
                "machine", report.machine().describe(),
                "command", words(report.command()),
                "contents", String.join(", ", contents),
                "workloads", sections.toString(),
                "charts", String.valueOf(charts)));
    }

    private String section(WorkloadReport workload) {
        String when = peaksWhen(workload);
        return Html.fill(WORKLOAD, Map.of(
                "id", id(workload),
                "title", workload.title(),
                "name", workload.name(),
                "openLoop", workload.openLoop()
                        ? String.format(Locale.ROOT, ", open loop at %,d requests/s", workload.targetRate()) : "",
                "load", Html.withCode(workload.load()),
                "behind", behind(workload),
                "charts", charts(workload, when),
                "notCharted", notCharted(workload),
                "table", ReportTable.html(workload),
                "note", note(workload, when)));
    }

    /** An open loop's rows that could not keep up, or "" if none (or a closed loop). */
    private static String behind(WorkloadReport workload) {
        if (!workload.openLoop()) {
            return "";
        }
        List<String> behind = workload.rows().stream().filter(ReportRow::behind).map(ReportRow::label).toList();
        return String.format(Locale.ROOT, "<p class=\"note\">An open loop: the connections together send %,d"
                + " requests/s on a fixed schedule; a row marked <em>(behind)</em> achieved under %.0f%% of it, the"
                + " server could not keep up.%s</p>%n", workload.targetRate(), 100 * CompareReport.KEPT_UP,
                behind.isEmpty() ? " Every row kept up."
                        : " Behind: " + Html.escape(String.join(", ", behind)) + ".");
    }

    /** The rows left out of the charts, failed and not run, or "" if none is. */
    private static String notCharted(WorkloadReport workload) {
        List<String> failed = workload.rows().stream().filter(ReportRow::failed).map(ReportRow::label).toList();
        List<String> notRun = workload.rows().stream().filter(row -> row.notRun() != null).map(ReportRow::label)
                .toList();
        List<String> parts = new ArrayList<>();
        if (!failed.isEmpty()) {
            parts.add("Not charted (failed, see the table): " + String.join(", ", failed) + ".");
        }
        if (!notRun.isEmpty()) {
            parts.add("Not run (not a failure; why in the table): " + String.join(", ", notRun) + ".");
        }
        return parts.isEmpty() ? "" : "<p class=\"note\">" + Html.escape(String.join(" ", parts)) + "</p>\n";
    }

    /**
     * The charts of {@code workload}, resources read {@code when}: for scale its own
     * ({@link ScaleCharts}), then latency beside the idle connections, memory and threads.
     */
    private String charts(WorkloadReport workload, String when) {
        if (!workload.alongside()) {
            return charts(workload, when, "", true);
        }
        return new ScaleCharts(workload, row -> colours.get(row.label()), this::figure).html()
                + charts(workload, when, ScaleCharts.besideIdle(workload), false);
    }

    /**
     * The charts of {@code workload} whose figures are known: the rates (if {@code rates}),
     * latency ({@code latencyWhen} naming when it was measured, or ""), memory and threads;
     * resources read {@code when}.
     */
    private String charts(WorkloadReport workload, String when, String latencyWhen, boolean rates) {
        List<ReportRow> measured = workload.rows().stream().filter(ReportRow::ok).toList();
        StringBuilder figures = new StringBuilder();
        String unit = rates ? workload.rateUnit() : null;
        String ratios = workload.referenceRow().isPresent() ? " (ratio to " + workload.reference() + ")" : "";
        if (unit != null) {
            figures.append(bars(workload, "throughput", "Throughput: " + unit + " per second" + ratios,
                    unit + " per second", ReportRow::rate,
                    row -> Format.rate(row.rate(), unit) + versus(workload.rateVsReference(row))
                            + (row.behind() ? " (behind)" : "")));
        }
        List<LatencyChart.Line> lines = measured.stream().filter(row -> !row.latency().points().isEmpty())
                .map(row -> new LatencyChart.Line(row.label(), colours.get(row.label()), row.latency().points()))
                .toList();
        if (!lines.isEmpty()) {
            figures.append(figure("Latency by percentile" + (latencyWhen.isEmpty() ? "" : ", " + latencyWhen),
                    LatencyChart.svg(lines)));
        }
        if (unit != null) {
            String per = Format.singular(unit);
            figures.append(bars(workload, "cpu", "Server CPU per " + per + ratios, "server CPU µs per " + per,
                    ReportRow::cpuMicrosPerUnit,
                    row -> Format.figure(row.cpuMicrosPerUnit()) + " µs" + versus(workload.cpuVsReference(row))));
        }
        List<BarChart.Bars> memory = measured.stream()
                .filter(row -> row.peaks().rssBytes() >= 0 || row.peaks().heapUsedBytes() >= 0)
                .map(row -> new BarChart.Bars(row.label(), colours.get(row.label()),
                        List.of(mib(row.peaks().rssBytes()), mib(row.peaks().heapUsedBytes())),
                        "RSS " + Format.mib(row.peaks().rssBytes()) + ", heap " + Format.mib(row.peaks().heapUsedBytes())
                                + " MiB"))
                .toList();
        if (!memory.isEmpty()) {
            figures.append(figure("Server memory, " + when,
                    BarChart.svg("memory", "MiB", List.of("resident set (RSS)", "heap used"), memory)));
        }
        figures.append(bars(workload, "threads", "Server threads, " + when, "operating-system threads",
                row -> row.peaks().threads() >= 0 ? row.peaks().threads() : Double.NaN,
                row -> Format.count(row.peaks().threads())));
        return figures.toString();
    }

    /**
     * A one-series bar chart of {@code kind} of the measured rows whose {@code value} is known,
     * or "" if none is.
     */
    private String bars(WorkloadReport workload, String kind, String caption, String axisTitle,
            ToDoubleFunction<ReportRow> value, Function<ReportRow, String> text) {
        List<BarChart.Bars> bars = workload.rows().stream()
                .filter(row -> row.ok() && Double.isFinite(value.applyAsDouble(row)))
                .map(row -> new BarChart.Bars(row.label(), colours.get(row.label()),
                        List.of(value.applyAsDouble(row)), text.apply(row)))
                .toList();
        return bars.isEmpty() ? "" : figure(caption, BarChart.svg(kind, axisTitle, List.of(kind), bars));
    }

    private String figure(String caption, String svg) {
        charts++;
        return Html.fill(FIGURE, Map.of("caption", caption, "svg", svg));
    }

    /** {@code text} escaped, each of its words unbroken (a line breaks between options, not at their dashes). */
    private static String words(String text) {
        return Arrays.stream(text.split(" "))
                .map(word -> "<span class=\"word\">" + Html.escape(word) + "</span>")
                .collect(Collectors.joining(" "));
    }

    /** What the table's figures are, for those it has. */
    private static String note(WorkloadReport workload, String when) {
        List<String> notes = new ArrayList<>();
        List<ReportRow> measured = workload.rows().stream().filter(ReportRow::ok).toList();
        if (measured.stream().anyMatch(row -> !row.latency().points().isEmpty())) {
            notes.add("latency in µs");
        }
        if (measured.stream().anyMatch(row -> row.peaks().known())) {
            notes.add("threads, heap used and RSS: the server process's, " + when);
        }
        if (workload.rateUnit() != null && workload.referenceRow().isPresent()) {
            notes.add("vs " + workload.reference() + ": this row / its row of the same run (CPU below 1.00×: less"
                    + " CPU than it)");
        }
        notes.add("–: unknown or not applicable.");
        String text = String.join("; ", notes);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A bar's ratio to the reference row (the chart's caption names it), or "" without one. */
    private static String versus(double ratio) {
        return Double.isFinite(ratio) ? " (" + Format.ratio(ratio) + ")" : "";
    }

    private static double mib(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (double) (1 << 20);
    }

    /** When the workload's resource figures were read. */
    private static String peaksWhen(WorkloadReport workload) {
        if (workload.alongside()) {
            return "with every connection open, after a full GC";
        }
        if (workload.rows().stream().anyMatch(row -> row.held() != null)) {
            return "while holding the connections";
        }
        if (workload.rows().stream().anyMatch(row -> row.chat() != null)) {
            return "at the end of the flood";
        }
        return "the most seen while measured";
    }

    private static String id(WorkloadReport workload) {
        return "workload-" + workload.name().chars().mapToObj(c -> Character.isLetterOrDigit(c)
                ? String.valueOf((char) c) : "-").collect(Collectors.joining());
    }
}
