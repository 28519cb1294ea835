package org.socketserver4j.samples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.socketserver4j.samples.ChatFlood;

/**
 * A workload's numbers as an HTML table: a column for each figure that some measured row
 * knows, a failed row as its label and reason.
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
        StringBuilder html = new StringBuilder("<table>\n<thead><tr><th>server</th>");
        columns.forEach(column -> html.append("<th>").append(Html.escape(column.heading())).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (ReportRow row : workload.rows()) {
            html.append(row.ok() ? "<tr>" : "<tr class=\"failed\">")
                    .append("<th>").append(Html.escape(row.label())).append("</th>");
            if (!row.ok()) {
                html.append("<td colspan=\"").append(Math.max(1, columns.size())).append("\">failed: ")
                        .append(Html.escape(row.failure())).append("</td>");
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
        if (unit != null) {
            columns.add(new Column(unit + "/s", row -> Format.whole(row.rate())));
            if (!unit.equals("MB")) {
                columns.add(new Column("MB/s", row -> Format.figure(row.megabytesPerSecond())));
            }
        }
        columns.add(new Column("p50 µs", row -> Format.micros(row.latency().p50Nanos())));
        columns.add(new Column("p99 µs", row -> Format.micros(row.latency().p99Nanos())));
        columns.add(new Column("p99.9 µs", row -> Format.micros(row.latency().p999Nanos())));
        columns.add(new Column("max µs", row -> Format.micros(row.latency().maxNanos())));
        if (unit != null) {
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
