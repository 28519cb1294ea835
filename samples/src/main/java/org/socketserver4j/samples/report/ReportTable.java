package org.socketserver4j.samples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.socketserver4j.samples.ChatFlood;

/**
 * A workload's numbers as an HTML table: the server and style, the selector, then a column for
 * each figure that some measured row knows; a failed or not-run row says so and why.
 */
final class ReportTable {

    /**
     * A column: its heading and each row's cell text ({@link Format#NONE} where unknown).
     *
     * @param heading the heading
     * @param cell a row's cell
     */
    private record Column(String heading, Function<ReportRow, String> cell) {}

    private ReportTable() {}

    /** The table of {@code workload}. */
    static String html(WorkloadReport workload) {
        List<Column> columns = columns(workload).stream()
                .filter(column -> workload.rows().stream()
                        .anyMatch(row -> row.ok() && !column.cell().apply(row).equals(Format.NONE)))
                .toList();
        StringBuilder html = new StringBuilder("<table>\n<thead><tr><th>server</th><th>selector</th>");
        columns.forEach(column -> html.append("<th>").append(Html.escape(column.heading())).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (ReportRow row : workload.rows()) {
            html.append(row.ok() ? "<tr>" : row.failed() ? "<tr class=\"failed\">" : "<tr class=\"not-run\">")
                    .append("<th>").append(Html.escape(row.name().serverAndStyle())).append("</th>")
                    .append("<td class=\"selector\">").append(Html.escape(row.selector())).append("</td>");
            if (!row.ok()) {
                html.append("<td colspan=\"").append(Math.max(1, columns.size())).append("\">")
                        .append(Html.escape(row.describeNotOk())).append("</td>");
            } else {
                columns.forEach(column -> html.append("<td>").append(Html.escape(column.cell().apply(row)))
                        .append("</td>"));
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    private static List<Column> columns(WorkloadReport workload) {
        List<Column> columns = new ArrayList<>();
        String unit = workload.rateUnit();
        boolean alongside = workload.alongside();
        if (alongside) {
            columns.addAll(alongsideColumns(unit));
        } else if (unit != null) {
            columns.add(new Column(unit + "/s", row -> Format.whole(row.rate()) + (row.behind() ? " (behind)" : "")));
        }
        if (unit != null && !unit.equals("MB")) {
            columns.add(new Column("MB/s", row -> Format.figure(row.megabytesPerSecond())));
        }
        if (!alongside) {
            columns.add(new Column("p50 µs", row -> Format.micros(row.latency().p50Nanos())));
            columns.add(new Column("p99 µs", row -> Format.micros(row.latency().p99Nanos())));
            columns.add(new Column("p99.9 µs", row -> Format.micros(row.latency().p999Nanos())));
            columns.add(new Column("max µs", row -> Format.micros(row.latency().maxNanos())));
        }
        if (unit != null && !alongside) {
            columns.add(new Column("server CPU µs/" + Format.singular(unit), row -> Format.figure(row.cpuMicrosPerUnit())));
        }
        columns.add(new Column("server cores", row -> Format.figure(row.serverCores())));
        columns.add(new Column("load-gen cores", row -> Format.figure(row.clientCores())));
        columns.add(new Column("machine cores", row -> Format.figure(row.machineCores())));
        if ("datagrams".equals(unit)) {
            columns.add(new Column("lost", row -> Format.whole(row.lost())));
        }
        if (workload.reference() != null && unit != null) {
            columns.add(new Column(unit + "/s vs " + workload.reference(),
                    row -> Format.ratio(workload.rateVsReference(row))));
            columns.add(new Column("CPU vs " + workload.reference(), row -> Format.ratio(workload.cpuVsReference(row))));
        }
        columns.addAll(heldColumns());
        columns.add(new Column("threads", row -> Format.count(row.peaks().threads())));
        columns.add(new Column("heap used MiB", row -> Format.mib(row.peaks().heapUsedBytes())));
        columns.add(new Column("RSS MiB", row -> Format.mib(row.peaks().rssBytes())));
        columns.addAll(chatColumns());
        return columns;
    }

    /**
     * The scale workload's pairs: the busy {@code unit}/s, server CPU per unit and p99 alone and
     * beside the idle connections, and the share of its rate kept beside them.
     */
    private static List<Column> alongsideColumns(String unit) {
        String per = Format.singular(unit);
        return List.of(
                alone(unit + "/s alone", row -> Format.whole(row.rate())),
                new Column(unit + "/s beside", row -> Format.whole(row.rate())),
                new Column("beside / alone",
                        row -> row.alone() == null ? Format.NONE : Format.ratio(row.rate() / row.alone().rate())),
                alone("CPU µs/" + per + " alone", row -> Format.figure(row.cpuMicrosPerUnit())),
                new Column("CPU µs/" + per + " beside", row -> Format.figure(row.cpuMicrosPerUnit())),
                alone("p99 µs alone", row -> Format.micros(row.latency().p99Nanos())),
                new Column("p99 µs beside", row -> Format.micros(row.latency().p99Nanos())));
    }

    /** A column of a row's {@link ReportRow#alone()} figures. */
    private static Column alone(String heading, Function<ReportRow, String> cell) {
        return new Column(heading, row -> row.alone() == null ? Format.NONE : cell.apply(row.alone()));
    }

    private static List<Column> heldColumns() {
        return List.of(
                held("held", h -> Format.count(h.held())),
                held("busy", h -> h.busy() > 0 ? Format.count(h.busy()) : Format.NONE),
                held("idle RSS MiB", h -> Format.mib(h.idleRssBytes())),
                held("RSS KiB/conn", h -> Format.kib(h.rssBytesPerConnection())),
                held("heap KiB/conn", h -> Format.kib(h.heapBytesPerConnection())),
                held("idle threads", h -> Format.count(h.idleThreads())),
                held("open s", h -> h.openMillis() < 0 ? Format.NONE
                        : String.format(Locale.ROOT, "%.1f", h.openMillis() / 1e3)),
                held("not echoing after", h -> Format.count(h.notEchoingAfter())),
                held("full GC done", h -> yesNo(h.gcDone())));
    }

    private static Column held(String heading, Function<ReportRow.HeldFigures, String> cell) {
        return new Column(heading, row -> row.held() == null ? Format.NONE : cell.apply(row.held()));
    }

    private static List<Column> chatColumns() {
        return List.of(
                chat("B got", c -> String.format(Locale.ROOT, "%,d of %,d", c.received(), c.lines())),
                chat("in order", c -> yesNo(c.inOrder())),
                chat("B cut off", c -> c.bEnded() && c.bToldTooSlow() ? "yes, told: too slow" : yesNo(c.bEnded())),
                chat("A sent", c -> Format.count(c.sent())),
                chat("A's longest write ms", c -> Format.count(c.longestWriteMillis())),
                chat("A stalled", c -> yesNo(c.aStalled())),
                chat("C disconnected", c -> yesNo(c.cDisconnected())),
                chat("C told why", c -> yesNo(c.cTold())),
                chat("left for C KiB", c -> Format.count(c.cBacklogBytes() >> 10)),
                chat("all well", c -> yesNo(c.ok())));
    }

    private static Column chat(String heading, Function<ChatFlood.Result, String> cell) {
        return new Column(heading, row -> row.chat() == null ? Format.NONE : cell.apply(row.chat()));
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
