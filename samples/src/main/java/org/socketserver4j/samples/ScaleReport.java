package org.socketserver4j.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown table of the {@code scale} workload: per server and selector, the busy
 * connections' requests/s, server CPU per request and p99 latency alone and beside many idle
 * connections, side by side, and what the server held with them all open.
 */
public final class ScaleReport {

    private ScaleReport() {}

    /**
     * What the {@code scale} workload ran.
     *
     * @param run the busy closed loop's settings (busy connections as connections)
     * @param held idle connections held during the second measurement
     */
    public record Settings(CompareReport.Settings run, int held) {}

    /** The report: a header (command, machine, load), the table and a reading note, ending with a newline. */
    public static String markdown(MachineInfo machine, Settings settings, List<ScaleMeasurement> rows) {
        CompareReport.Settings run = settings.run();
        String held = String.format(Locale.ROOT, "%,d", settings.held());
        StringBuilder md = CompareReport.header(machine, run);
        md.append("Workload scale: ").append(run.connections())
                .append(run.connections() == 1 ? " busy connection" : " busy connections")
                .append(" to 127.0.0.1, each a closed loop of ").append(run.messageSize())
                .append("-byte echo requests (one in flight), measured alone, then again beside ").append(held)
                .append(" idle connections (opened ").append(HeldConnections.BATCH).append(" at a time, each after one")
                .append(" checked echo, then silent); ").append(CompareReport.runDescription(run))
                .append(" What the server held is read before any connection and with all open, after a full GC"
                        + " (`System.gc()` in the server's JVM).\n\n");
        md.append("| server | style | selector | req/s alone | req/s beside ").append(held)
                .append(" idle | beside / alone | CPU µs/req alone | CPU µs/req beside | p99 µs alone | p99 µs beside"
                        + " | idle RSS MiB | RSS MiB | RSS KiB/conn | threads | heap used MiB | not echoing after |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScaleMeasurement row : rows) {
            String start = CompareReport.rowStart(row.contender(), row.style(), row.selector());
            if (!row.ok()) {
                md.append(CompareReport.notOkRow(start, row.describeNotOk(), 12));
                continue;
            }
            HeldMeasurement h = row.held();
            List<String> cells = new ArrayList<>();
            cells.add(CompareReport.whole(row.alone().requestsPerSecond()));
            cells.add(CompareReport.whole(row.beside().requestsPerSecond()));
            cells.add(CompareReport.number(row.throughputKept()));
            cells.add(CompareReport.number(row.alone().serverCpuMicrosPerRequest()));
            cells.add(CompareReport.number(row.beside().serverCpuMicrosPerRequest()));
            cells.add(CompareReport.micros(row.alone().p99Nanos()));
            cells.add(CompareReport.micros(row.beside().p99Nanos()));
            cells.add(HeldReport.mib(h.idleRssBytes()));
            cells.add(HeldReport.mib(h.rssBytes()));
            cells.add(CompareReport.number(h.rssBytesPerConnection() / 1024));
            cells.add(h.threads() < 0 ? CompareReport.NONE : String.format(Locale.ROOT, "%,d", h.threads()));
            cells.add(HeldReport.mib(h.heapUsedBytes()));
            cells.add(String.format(Locale.ROOT, "%,d", h.notEchoingAfter()));
            md.append(start).append(String.join(" | ", cells)).append(" |\n");
        }
        List<Measurement> windows = new ArrayList<>();
        rows.forEach(row -> windows.addAll(List.of(row.alone(), row.beside())));
        md.append(CompareReport.cautions(windows));
        md.append("\nreq/s, CPU µs/req, p99: the busy connections' echo, with no idle connection open (alone) and"
                + " beside the idle ones; beside / alone: the share of its requests/s a server keeps beside them;"
                + " CPU µs/req: CPU time of the server's process per busy request. RSS (VmRSS), threads (OS"
                + " threads) and heap used: with every connection open, after the GC; RSS KiB/conn: (RSS - idle"
                + " RSS) / connections (idle and busy); not echoing after: idle connections that failed a second"
                + " round trip at the end. poll(2) passes the kernel every registered descriptor on each call,"
                + " epoll(7) only those ready: the idle connections cost poll in every select. "
                + CompareReport.SELECTOR_NOTE + "\n");
        return md.toString();
    }
}
