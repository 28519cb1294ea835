package org.socketserver4j.samples;

import java.util.List;
import java.util.Locale;

/** The Markdown table of the {@code held} workload: what each server holds for many idle connections. */
public final class HeldReport {

    private HeldReport() {}

    /**
     * What the {@code held} workload ran.
     *
     * @param command the command line that reproduces it, every option spelled out
     * @param held idle connections held to each server
     * @param busy connections kept busy meanwhile (closed-loop echo)
     * @param busyMessageSize bytes per request of the busy connections
     * @param serverThreads worker reactors of HybridServer and event-loop threads of Netty
     */
    public record Settings(String command, int held, int busy, int busyMessageSize, int serverThreads) {}

    /** The report: a header (command, machine, load), the table and a reading note, ending with a newline. */
    public static String markdown(MachineInfo machine, Settings settings, List<HeldMeasurement> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(settings.command()).append("`\n\n");
        md.append("Machine: ").append(machine.describe()).append(".\n");
        md.append(String.format(Locale.ROOT, "Workload held: %,d idle connections to 127.0.0.1, opened %d at a"
                + " time, each after one %d-byte echo round trip (checked), held silent", settings.held(),
                HeldConnections.BATCH, HeldConnections.MESSAGE_SIZE));
        if (settings.busy() > 0) {
            md.append(String.format(Locale.ROOT, " while %d more connection%s ran a closed loop of %d-byte echo"
                    + " requests", settings.busy(), settings.busy() == 1 ? "" : "s", settings.busyMessageSize()));
        }
        md.append("; each server in a new JVM of its own, read before connecting and again with all connections"
                        + " open, each time after a full GC (`System.gc()` in the server's JVM); HybridServer workers"
                        + " and Netty"
                        + " event-loop threads: ")
                .append(settings.serverThreads())
                .append(". ForkingServer is not measured: it would start a JVM per held connection.\n\n");
        md.append(table(rows));
        md.append("\nRSS: VmRSS of /proc/PID/status (heap, thread stacks, direct buffers, code: all the process"
                + " keeps in memory), read once it settles after the GC; RSS KiB/conn: (RSS - idle RSS) /"
                + " connections (held and busy); threads: operating-system threads of the process"
                + " (/proc/PID/status Threads; virtual threads are not among them, their stacks are in the heap);"
                + " heap used: GC.heap_info after the GC; heap KiB/conn: (heap used - idle heap used) /"
                + " connections; open s: time to open every held connection, round trips included; not echoing"
                + " after: held connections that failed a second round trip after the readings. vs Netty: this"
                + " row / Netty's row of the same run. " + CompareReport.SELECTOR_NOTE + "\n");
        return md.toString();
    }

    /**
     * The table of held rows (and the caution of rows without a full GC): what each server held,
     * with ratios to Netty's row on the same selector.
     */
    static String table(List<HeldMeasurement> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| server | style | selector | held | idle RSS MiB | RSS MiB | RSS KiB/conn | idle threads | threads"
                + " | heap used MiB | heap KiB/conn | open s | not echoing after | KiB/conn vs Netty | RSS vs Netty"
                + " | threads vs Netty |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HeldMeasurement row : rows) {
            String start = CompareReport.rowStart(row.contender(), row.style(), row.selector())
                    + String.format(Locale.ROOT, "%,d", row.held()) + " | ";
            if (!row.ok()) {
                md.append(CompareReport.notOkRow(start, row.describeNotOk(), 11));
                continue;
            }
            HeldMeasurement netty = netty(rows, row.selector());
            md.append(start);
            md.append(String.join(" | ",
                    mib(row.idleRssBytes()), mib(row.rssBytes()),
                    CompareReport.number(row.rssBytesPerConnection() / 1024),
                    count(row.idleThreads()), count(row.threads()), mib(row.heapUsedBytes()),
                    CompareReport.number(row.heapBytesPerConnection() / 1024),
                    row.openMillis() < 0 ? CompareReport.NONE
                            : String.format(Locale.ROOT, "%.1f", row.openMillis() / 1e3),
                    String.format(Locale.ROOT, "%,d", row.notEchoingAfter()),
                    netty == null ? CompareReport.NONE
                            : CompareReport.number(row.rssBytesPerConnection() / netty.rssBytesPerConnection()),
                    netty == null || row.rssBytes() < 0 || netty.rssBytes() <= 0 ? CompareReport.NONE
                            : CompareReport.number(row.rssBytes() / (double) netty.rssBytes()),
                    netty == null || row.threads() < 0 || netty.threads() <= 0 ? CompareReport.NONE
                            : CompareReport.number(row.threads() / (double) netty.threads())))
                    .append(" |\n");
        }
        if (rows.stream().anyMatch(row -> row.ok() && !row.gcDone())) {
            md.append("\nCaution: no full GC could be requested (the server's JVM did not answer,"
                    + " or the server is no JVM) for some rows; their RSS includes garbage.\n");
        }
        return md.toString();
    }

    /** Netty's measured row on {@code selector}, else on its default one, or {@code null}. */
    private static HeldMeasurement netty(List<HeldMeasurement> rows, SelectorChoice selector) {
        return rows.stream()
                .filter(row -> row.contender() == Contender.NETTY && row.ok() && row.selector() == selector)
                .findFirst()
                .orElseGet(() -> rows.stream().filter(row -> row.contender() == Contender.NETTY && row.ok()
                        && row.selector() == Contender.NETTY.selector()).findFirst().orElse(null));
    }

    /** Bytes as MiB with one decimal, or {@link CompareReport#NONE} if unknown (negative). */
    static String mib(long bytes) {
        return bytes < 0 ? CompareReport.NONE : String.format(Locale.ROOT, "%,.1f", bytes / (double) (1 << 20));
    }

    private static String count(int value) {
        return value < 0 ? CompareReport.NONE : String.format(Locale.ROOT, "%,d", value);
    }
}
