package org.socketserver4j.samples;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown table of the {@code udp-echo} workload: datagrams answered per second, latency,
 * datagrams lost and server CPU per datagram, with ratios to Netty's NIO datagram echo.
 */
public final class UdpReport {

    private UdpReport() {}

    /**
     * What the UDP workload ran, beyond what every closed loop has.
     *
     * @param run the closed loop's settings: senders as connections, datagram size as message size
     * @param window datagrams each sender keeps outstanding
     * @param lossTimeout how long a datagram may go unanswered before it counts as lost
     */
    public record Settings(CompareReport.Settings run, int window, Duration lossTimeout) {}

    /** The report: a header (command, machine, load), the table and a reading note, ending with a newline. */
    public static String markdown(MachineInfo machine, Settings settings, List<Measurement> rows) {
        CompareReport.Settings run = settings.run();
        StringBuilder md = CompareReport.header(machine, run);
        md.append("Workload udp-echo: ").append(run.connections())
                .append(run.connections() == 1 ? " UDP sender" : " UDP senders")
                .append(" to 127.0.0.1, each a non-blocking DatagramChannel keeping ").append(settings.window())
                .append(' ').append(String.format(Locale.ROOT, "%,d", run.messageSize()))
                .append("-byte echo requests outstanding (a sequence number in each, every reply matched to its"
                        + " request and checked byte for byte, its slot then sending the next), ")
                .append(CompareReport.runDescription(run))
                .append(" A request unanswered after ").append(DurationConverter.format(settings.lossTimeout()))
                .append(" is lost: counted, not resent (its slot sends a new request).")
                .append(" ForkingServer is not measured: it starts a JVM per datagram.\n\n");
        md.append("| server | style | selector | datagrams/s | p50 µs | p99 µs | p99.9 µs | lost | server CPU µs/datagram"
                + " | server cores | load-gen cores | machine cores | datagrams/s vs Netty | CPU/datagram vs Netty"
                + " | " + CompareReport.PEAKS_HEADING + " |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement row : rows) {
            if (!row.ok()) {
                md.append(CompareReport.failedRow(row, 11));
                continue;
            }
            md.append(CompareReport.rowStart(row.contender(), row.style(), row.selector()))
                    .append(String.join(" | ", CompareReport.whole(row.requestsPerSecond()),
                            String.join(" | ", CompareReport.latencyCells(row)),
                            lost(row, run.duration()),
                            CompareReport.number(row.serverCpuMicrosPerRequest()),
                            String.join(" | ", CompareReport.coreAndRatioCells(row,
                                    CompareReport.netty(rows, row.selector()))),
                            CompareReport.peaksCell(row)))
                    .append(" |\n");
        }
        md.append(CompareReport.cautions(rows));
        md.append("\ndatagrams/s: replies received per second, each matched to its request; latency: from sending"
                + " a datagram to receiving its echo; lost: datagrams sent in the measured window and unanswered"
                + " after " + DurationConverter.format(settings.lossTimeout()) + " (share of those sent); server"
                + " CPU µs/datagram: CPU time of the server's process (every thread, user and system) per datagram"
                + " answered. vs Netty: this row / Netty's row of the same run (CPU/datagram below 1.00: less CPU"
                + " per datagram than Netty). " + CompareReport.PEAKS_NOTE + " " + CompareReport.SELECTOR_NOTE + "\n");
        return md.toString();
    }

    /** Datagrams lost, and their share of those sent in {@code window} (answered ones estimated from the rate). */
    static String lost(Measurement row, Duration window) {
        if (Double.isNaN(row.lost())) {
            return CompareReport.NONE;
        }
        if (row.lost() == 0) {
            return "0";
        }
        double sent = row.lost() + row.requestsPerSecond() * window.toNanos() / 1e9;
        double percent = 100 * row.lost() / sent;
        return String.format(Locale.ROOT, percent < 0.001 ? "%,.0f (<0.001%%)" : "%,.0f (%.3f%%)", row.lost(), percent);
    }
}
