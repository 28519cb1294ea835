package org.socketserver4j.samples;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Markdown table of the {@code large} workload: throughput of large echoed messages, in
 * MB/s (10^6 bytes) of payload echoed, each byte counted once though it crossed the loopback
 * twice, and server CPU per MB.
 */
public final class LargeReport {

    /** Issue #8's bar: the blocking style of SelectServer and HybridServer against these. */
    static final double OF_HYBRID_EVENT = 0.6;

    private LargeReport() {}

    /** MB (10^6 bytes) echoed per second by {@code row} with {@code messageSize}-byte messages. */
    static double megabytesPerSecond(Measurement row, int messageSize) {
        return row.requestsPerSecond() * messageSize / 1e6;
    }

    /** Server CPU microseconds per MB echoed by {@code row} with {@code messageSize}-byte messages. */
    static double cpuMicrosPerMegabyte(Measurement row, int messageSize) {
        return row.serverCpuMicrosPerRequest() * 1e6 / messageSize;
    }

    /**
     * The report: a header (command, machine, load), the table, issue #8's targets where their
     * rows were measured and a reading note, ending with a newline. {@code settings.messageSize()}
     * is the large message's size and {@code settings.connections()} the large workload's.
     */
    public static String markdown(MachineInfo machine, CompareReport.Settings settings, List<Measurement> rows) {
        int size = settings.messageSize();
        StringBuilder md = CompareReport.header(machine, settings);
        md.append("Workload large: ").append(CompareReport.loadDescription(settings,
                String.format(Locale.ROOT, "%,d", size), "one in flight, every reply checked byte for byte"));
        md.append("| server | style | selector | MB/s | p50 µs | p99 µs | p99.9 µs | server CPU µs/MB | server cores"
                + " | load-gen cores | machine cores | MB/s vs Netty | CPU/MB vs Netty | "
                + CompareReport.PEAKS_HEADING + " |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement row : rows) {
            if (!row.ok()) {
                md.append(CompareReport.failedRow(row, 10));
                continue;
            }
            Measurement netty = CompareReport.netty(rows, row.selector());
            md.append(CompareReport.rowStart(row.contender(), row.style(), row.selector()));
            md.append(String.join(" | ",
                    CompareReport.whole(megabytesPerSecond(row, size)),
                    CompareReport.micros(row.p50Nanos()), CompareReport.micros(row.p99Nanos()),
                    CompareReport.micros(row.p999Nanos()),
                    CompareReport.whole(cpuMicrosPerMegabyte(row, size)),
                    CompareReport.number(row.serverCores()),
                    CompareReport.number(row.clientCores()),
                    CompareReport.number(row.machineCores()),
                    netty == null ? CompareReport.NONE
                            : CompareReport.number(row.requestsPerSecond() / netty.requestsPerSecond()),
                    netty == null ? CompareReport.NONE
                            : CompareReport.number(row.serverCpuMicrosPerRequest()
                                    / netty.serverCpuMicrosPerRequest()),
                    CompareReport.peaksCell(row)))
                    .append(" |\n");
        }
        md.append(CompareReport.openLoop(settings, rows, 1));
        md.append(CompareReport.cautions(rows));
        String targets = targets(rows, size);
        if (!targets.isEmpty()) {
            md.append('\n').append(targets);
        }
        md.append("\nMB/s: MB (10^6 bytes) of payload echoed per second, each byte counted once (it also"
                + " came back: twice that crossed the loopback); latency: from sending a message's first byte"
                + " to receiving its last echoed byte; server CPU µs/MB: CPU time of the server's process"
                + " (every thread, user and system) per MB echoed. vs Netty: this row / Netty's row of the"
                + " same run (CPU/MB below 1.00: less CPU per MB than Netty). " + CompareReport.PEAKS_NOTE + " "
                + CompareReport.SELECTOR_NOTE + "\n");
        return md.toString();
    }

    /**
     * Issue #8's target, for each of SelectServer and HybridServer blocking whose rows and
     * reference rows were measured: at least ThreadingServer blocking's MB/s, and at least
     * {@value #OF_HYBRID_EVENT} of HybridServer event's. Empty when it cannot be judged.
     */
    static String targets(List<Measurement> rows, int size) {
        Optional<Measurement> threading = find(rows, Contender.THREADING, Style.BLOCKING);
        Optional<Measurement> hybridEvent = find(rows, Contender.HYBRID, Style.EVENT);
        StringBuilder text = new StringBuilder();
        for (Contender contender : List.of(Contender.SELECT, Contender.HYBRID)) {
            Optional<Measurement> blocking = find(rows, contender, Style.BLOCKING);
            if (blocking.isEmpty() || (threading.isEmpty() && hybridEvent.isEmpty())) {
                continue;
            }
            double mbs = megabytesPerSecond(blocking.get(), size);
            List<String> checks = new java.util.ArrayList<>();
            threading.ifPresent(t -> checks.add(String.format(Locale.ROOT,
                    "%.2f× ThreadingServer blocking (target ≥ 1.00: %s)", mbs / megabytesPerSecond(t, size),
                    mbs >= megabytesPerSecond(t, size) ? "met" : "not met")));
            hybridEvent.ifPresent(h -> checks.add(String.format(Locale.ROOT,
                    "%.2f× HybridServer event (target ≥ %.2f: %s)", mbs / megabytesPerSecond(h, size),
                    OF_HYBRID_EVENT, mbs >= OF_HYBRID_EVENT * megabytesPerSecond(h, size) ? "met" : "not met")));
            text.append("Issue #8 target, ").append(contender.label()).append(" blocking: ")
                    .append(String.join("; ", checks)).append(".\n");
        }
        return text.toString();
    }

    private static Optional<Measurement> find(List<Measurement> rows, Contender contender, Style style) {
        return rows.stream().filter(row -> row.contender() == contender && row.style() == style && row.ok())
                .findFirst();
    }
}
