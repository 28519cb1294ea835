package org.socketserver4j.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.socketserver4j.handlers.http.HttpHandler;

/**
 * The Markdown tables of the TLS workloads, {@code tls-echo} and {@code tls-http}: requests/s
 * (and MB/s of echo), latency, errors and server CPU per request, with ratios to Netty's
 * JDK-provider {@code SslHandler} in the same run. A measured row had no error: a wrong byte,
 * a failed connection or any error or non-2xx response wrk counted fails the row instead, with
 * its count.
 */
public final class TlsReport {

    /** How every server of both workloads serves TLS. */
    static final String TLS = "every server serves " + BenchTls.PROTOCOL + " with " + BenchTls.CIPHER_SUITE
            + " only and the same self-signed EC P-256 certificate (socketserver4j: `serve --tls-cert --tls-key`;"
            + " Netty 4.2: `SslHandler` from `SslContextBuilder.forServer(cert, key).sslProvider(SslProvider.JDK)`)";

    private TlsReport() {}

    /** The tls-echo report: {@code settings.messageSize()} bytes per request, MB/s beside req/s. */
    public static String echo(MachineInfo machine, CompareReport.Settings settings, List<Measurement> rows) {
        String load = "Workload tls-echo: " + settings.connections() + " TLS connections to 127.0.0.1, each a closed"
                + " loop of " + String.format(Locale.ROOT, "%,d", settings.messageSize()) + "-byte echo requests"
                + " (one in flight, every reply checked byte for byte); " + TLS + "; "
                + CompareReport.runDescription(settings, "the client: a JDK `SSLSocket` per connection on a"
                        + " platform thread of its own, offering the same protocol and suite and checking that"
                        + " the handshake settled on them")
                + " ForkingServer (where asked): its parent terminates TLS and relays plaintext to a child JVM per"
                + " connection, started when the connection comes; its CPU is the parent's and its children's,"
                + " its peaks the parent's.\n\n";
        return markdown(machine, settings, rows, load, settings.messageSize());
    }

    /** The tls-http report. */
    public static String http(MachineInfo machine, CompareReport.Settings settings, List<Measurement> rows) {
        return http(machine, settings, rows, "");
    }

    /** The tls-http report, {@code warmupNote} (a sentence, or "") saying what wrk made of the warm-up and window. */
    public static String http(MachineInfo machine, CompareReport.Settings settings, List<Measurement> rows,
            String warmupNote) {
        String load = "Workload tls-http: `wrk -t" + settings.clientThreads() + " -c" + settings.connections()
                + "` (OpenSSL; HTTP/1.1 keep-alive, one request in flight per connection) GET"
                + " `https://127.0.0.1:PORT/plaintext`, answered `" + HttpHandler.PLAINTEXT + "` with the same"
                + " header fields by socketserver4j's `HttpHandler` (event style) and by Netty's `HttpServerCodec`"
                + " with a plaintext handler; " + TLS + "; "
                + CompareReport.runDescription(settings, "wrk's warm-up run (its own connections), then its"
                        + " measured run")
                + warmupNote
                + " ForkingServer is not measured: wrk opens its connections anew for the measured run, and each"
                + " would start a child JVM inside the window.\n\n";
        return markdown(machine, settings, rows, load, 0);
    }

    /** The report; {@code messageSize} above 0 adds an MB/s column. */
    private static String markdown(MachineInfo machine, CompareReport.Settings settings, List<Measurement> rows,
            String load, int messageSize) {
        boolean echo = messageSize > 0;
        StringBuilder md = CompareReport.header(machine, settings).append(load);
        md.append("| server | style | selector | req/s").append(echo ? " | MB/s" : "").append(" | p50 µs | p99 µs | p99.9 µs"
                + " | errors | server CPU µs/req | server cores | load-gen cores | machine cores | req/s vs Netty"
                + " | CPU/req vs Netty | " + CompareReport.PEAKS_HEADING + " |\n");
        md.append("|---|---|---|---:").append(echo ? "|---:" : "").append("|---:|---:|---:|---:|---:|---:|---:|---:"
                + "|---:|---:|---:|\n");
        for (Measurement row : rows) {
            if (!row.ok()) {
                md.append(CompareReport.failedRow(row, echo ? 12 : 11));
                continue;
            }
            List<String> cells = new ArrayList<>();
            cells.add(CompareReport.whole(row.requestsPerSecond()));
            if (echo) {
                cells.add(CompareReport.whole(LargeReport.megabytesPerSecond(row, messageSize)));
            }
            cells.addAll(CompareReport.latencyCells(row));
            cells.add("0");
            cells.add(CompareReport.number(row.serverCpuMicrosPerRequest()));
            cells.addAll(CompareReport.coreAndRatioCells(row, CompareReport.netty(rows, row.selector())));
            cells.add(CompareReport.peaksCell(row));
            md.append(CompareReport.rowStart(row.contender(), row.style(), row.selector()))
                    .append(String.join(" | ", cells)).append(" |\n");
        }
        md.append(CompareReport.cautions(rows));
        md.append("\n").append(echo
                ? "MB/s: MB (10^6 bytes) of payload echoed per second, each byte counted once; latency: from"
                        + " writing a request to reading its last echoed byte, in the client's thread"
                : "req/s and latency: wrk's (latency from sending a request to its response)");
        md.append("; errors: a measured row had none (a wrong byte, a broken connection or any wrk error or"
                + " non-2xx/3xx response fails the row, with the count); server CPU µs/req: CPU time of the"
                + " server's process (every thread, user and system; TLS included) per request;"
                + " load-gen cores: the client's CPU");
        md.append(echo ? "" : " (wrk's, as a child process this JVM waited for)");
        md.append(". vs Netty: this row / Netty's row of the same run (CPU/req below 1.00: less CPU per request"
                + " than Netty's JDK-provider TLS). ").append(CompareReport.PEAKS_NOTE).append(" ")
                .append(CompareReport.SELECTOR_NOTE).append("\n");
        return md.toString();
    }
}
