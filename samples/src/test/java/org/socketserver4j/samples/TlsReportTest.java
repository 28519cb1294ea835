package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The TLS workloads' Markdown tables, from fixed numbers: their columns, the peaks last. */
class TlsReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, "AMD EPYC", 3L << 30, "Linux 6.1 amd64",
            "JDK 25 (Eclipse Adoptium)");
    private static final CompareReport.Settings SETTINGS = new CompareReport.Settings(
            "compare --workloads=tls-echo", 8, 16_384, 8, Duration.ofSeconds(3), Duration.ofSeconds(10), 1, 2);

    /** 100,000 requests in 10 s, 4 s of server CPU, 2 s of client CPU. */
    private static Measurement row(Contender contender) {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValue(800_000);
        return Measurement.of(contender, Style.EVENT, 100_000, Duration.ofSeconds(10), latency,
                Duration.ofSeconds(4), Duration.ofSeconds(2), 0.65);
    }

    @Test
    void echoAndHttpTablesEndWithThePeaksColumn() {
        List<Measurement> rows = List.of(row(Contender.HYBRID).withPeaks(new ResourcePeaks(14, 22L << 20, 90L << 20)),
                Measurement.failed(Contender.NETTY, Style.EVENT, "no"));

        assertThat(TlsReport.echo(MACHINE, SETTINGS, rows)).contains("""
                | server | style | selector | req/s | MB/s | p50 µs | p99 µs | p99.9 µs | errors | server CPU µs/req | server cores\
                 | load-gen cores | machine cores | req/s vs Netty | CPU/req vs Netty | peak threads / heap / RSS MiB |
                |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | HybridServer | event | epoll | 10,000 | 164 | 800 | 800 | 800 | 0 | 40.00 | 0.40 | 0.20 | 0.65 | – | –\
                 | 14 / 22 / 90 |
                | Netty NIO | event | epoll | failed: no | – | – | – | – | – | – | – | – | – | – | – | – |
                """).contains("its peaks the parent's").endsWith(CompareReport.PEAKS_NOTE + " " + CompareReport.SELECTOR_NOTE + "\n");
        assertThat(TlsReport.http(MACHINE, SETTINGS, rows)).contains("""
                | HybridServer | event | epoll | 10,000 | 800 | 800 | 800 | 0 | 40.00 | 0.40 | 0.20 | 0.65 | – | –\
                 | 14 / 22 / 90 |
                | Netty NIO | event | epoll | failed: no | – | – | – | – | – | – | – | – | – | – | – |
                """);
    }
}
