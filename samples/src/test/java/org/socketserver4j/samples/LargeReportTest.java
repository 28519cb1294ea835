package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The large workload's Markdown table, from fixed numbers. */
class LargeReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, "AMD EPYC", 3L << 30, "Linux 6.1 amd64",
            "JDK 25 (Eclipse Adoptium)");
    private static final int SIZE = 262_144;
    private static final CompareReport.Settings SETTINGS = new CompareReport.Settings(
            "compare --workloads=large", 8, SIZE, 1, Duration.ofSeconds(3), Duration.ofSeconds(10), 1, 2);

    /** {@code requests} of 256 KiB in 10 s, {@code cpuMillis} of server CPU, 2 s of client CPU. */
    private static Measurement row(Contender contender, Style style, long requests, long cpuMillis) {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValueWithCount(850_000, 98);
        latency.recordValue(5_000_000);
        latency.recordValue(18_000_000);
        return Measurement.of(contender, style, requests, Duration.ofSeconds(10), latency,
                Duration.ofMillis(cpuMillis), Duration.ofSeconds(2), cpuMillis / 10_000.0 + 0.2 + 0.05);
    }

    @Test
    void reportsMegabytesPerSecondAndCpuPerMegabyteWithRatiosToNetty() {
        // 50,000 × 262,144 B in 10 s = 1,310.72 MB/s; 5 s CPU / 13,107.2 MB = 381 µs/MB
        String report = LargeReport.markdown(MACHINE, SETTINGS, List.of(
                row(Contender.HYBRID, Style.EVENT, 50_000, 5_000).withPeaks(new ResourcePeaks(-1, 300L << 20, 2L << 30)),
                row(Contender.NETTY, Style.EVENT, 40_000, 6_000),
                Measurement.failed(Contender.SELECT, Style.BLOCKING, "the server | died")));

        assertThat(report).startsWith("""
                Command: `compare --workloads=large`

                Machine: 2 cores, AMD EPYC, 3.0 GiB RAM, Linux 6.1 amd64, JDK 25 (Eclipse Adoptium).
                Workload large: 8 connections to 127.0.0.1, each a closed loop of 262,144-byte echo requests\
                 (one in flight, every reply checked byte for byte), from 1 load-generator thread (NIO); each server in a JVM of its own, kept for the run (each row's server started and stopped in it), 3s warm-up, then 10s measured; HybridServer workers and Netty event-loop\
                 threads: 2.

                | server | style | selector | MB/s | p50 µs | p99 µs | p99.9 µs | server CPU µs/MB | server cores\
                 | load-gen cores | machine cores | MB/s vs Netty | CPU/MB vs Netty | peak threads / heap / RSS MiB |
                |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | HybridServer | event | epoll | 1,311 | 850 | 5,001 | 18,006 | 381 | 0.50 | 0.20 | 0.75 | 1.25 | 0.67\
                 | – / 300 / 2,048 |
                | Netty NIO | event | epoll | 1,049 | 850 | 5,001 | 18,006 | 572 | 0.60 | 0.20 | 0.85 | 1.00 | 1.00 | – |
                | SelectServer | blocking | epoll | failed: the server \\| died | – | – | – | – | – | – | – | – | – | – |
                """);
        assertThat(report).contains("MB/s: MB (10^6 bytes) of payload echoed per second, each byte counted once")
                .doesNotContain("Issue #8")
                .endsWith("less CPU per MB than Netty). " + CompareReport.PEAKS_NOTE + " "
                        + CompareReport.SELECTOR_NOTE + "\n");
    }

    @Test
    void judgesIssue8sTargetsForTheBlockingStyleWhereTheirRowsWereMeasured() {
        List<Measurement> rows = List.of(
                row(Contender.SELECT, Style.BLOCKING, 20_000, 5_000),
                row(Contender.THREADING, Style.BLOCKING, 30_000, 5_000),
                row(Contender.HYBRID, Style.EVENT, 70_000, 5_000),
                row(Contender.HYBRID, Style.BLOCKING, 45_000, 5_000));

        assertThat(LargeReport.targets(rows, SIZE)).isEqualTo("""
                Issue #8 target, SelectServer blocking: 0.67× ThreadingServer blocking (target ≥ 1.00: not met);\
                 0.29× HybridServer event (target ≥ 0.60: not met).
                Issue #8 target, HybridServer blocking: 1.50× ThreadingServer blocking (target ≥ 1.00: met);\
                 0.64× HybridServer event (target ≥ 0.60: met).
                """);
        assertThat(LargeReport.targets(rows.subList(0, 1), SIZE)).as("no reference row").isEmpty();
        assertThat(LargeReport.markdown(MACHINE, SETTINGS, rows))
                .contains("\nIssue #8 target, HybridServer blocking: 1.50×");
    }

    @Test
    void anUnknownCpuTimeIsADash() {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValue(2_000_000);
        Measurement unknown = Measurement.of(Contender.HYBRID, Style.EVENT, 100, Duration.ofSeconds(1), latency,
                null, null, Double.NaN);

        assertThat(LargeReport.markdown(MACHINE, SETTINGS, List.of(unknown)))
                .contains("| HybridServer | event | epoll | 26 | 2,001 | 2,001 | 2,001 | – | – | – | – | – | – | – |");
    }
}
