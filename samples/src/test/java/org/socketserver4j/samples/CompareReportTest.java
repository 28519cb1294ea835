package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The Markdown report, from fixed numbers. */
class CompareReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, "AMD EPYC", 3L << 30, "Linux 6.1 amd64",
            "JDK 25 (Eclipse Adoptium)");
    private static final CompareReport.Settings SETTINGS = new CompareReport.Settings(
            "compare --connections=64", 64, 64, 1, Duration.ofSeconds(3), Duration.ofSeconds(10), 1, 2);

    /** {@code requests} in 10 s, {@code cpuMillis} of server CPU, 5 s of client CPU, little else. */
    private static Measurement row(Contender contender, Style style, long requests, long cpuMillis) {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValueWithCount(412_000, 98);
        latency.recordValue(1_234_567);
        latency.recordValue(9_870_000);
        return Measurement.of(contender, style, requests, Duration.ofSeconds(10), latency,
                Duration.ofMillis(cpuMillis), Duration.ofSeconds(5), cpuMillis / 10_000.0 + 0.5 + 0.054);
    }

    @Test
    void printsTheMachineTheLoadAndOneRowPerServerWithRatiosToNetty() {
        String report = CompareReport.markdown(MACHINE, SETTINGS, List.of(
                row(Contender.HYBRID, Style.EVENT, 1_500_000, 12_000)
                        .withPeaks(new ResourcePeaks(23, 41L << 20, (120L << 20) + (600L << 10))),
                row(Contender.NETTY, Style.EVENT, 1_000_000, 10_000)
                        .withPeaks(new ResourcePeaks(19, (9L << 20) + (700L << 10), -1)),
                Measurement.failed(Contender.SELECT, Style.BLOCKING, "the server | died\n  at once")));

        assertThat(report).isEqualTo("""
                Command: `compare --connections=64`

                Machine: 2 cores, AMD EPYC, 3.0 GiB RAM, Linux 6.1 amd64, JDK 25 (Eclipse Adoptium).
                Load: 64 connections to 127.0.0.1, each a closed loop of 64-byte echo requests (one in flight),\
                 from 1 load-generator thread (NIO); each server in a JVM of its own, kept for the run (each row's server started and stopped in it), 3s warm-up, then 10s measured;\
                 HybridServer workers and Netty event-loop threads: 2.

                | server | style | selector | req/s | p50 µs | p99 µs | p99.9 µs | server CPU µs/req | server cores\
                 | load-gen cores | machine cores | req/s vs Netty | CPU/req vs Netty | peak threads / heap / RSS MiB |
                |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | HybridServer | event | epoll | 150,000 | 412 | 1,235 | 9,871 | 8.00 | 1.20 | 0.50 | 1.75 | 1.50 | 0.80\
                 | 23 / 41 / 121 |
                | Netty NIO | event | epoll | 100,000 | 412 | 1,235 | 9,871 | 10.00 | 1.00 | 0.50 | 1.55 | 1.00 | 1.00\
                 | 19 / 9.7 / – |
                | SelectServer | blocking | epoll | failed: the server \\| died at once | – | – | – | – | – | – | – | – | – | – |

                server cores, load-gen cores: CPU time of that process over the measured window; machine\
                 cores: all processors' busy time over it, the kernel's own network work and anything else\
                 running included. vs Netty: this row / Netty's row of the same run (CPU/req below 1.00: less\
                 CPU per request than Netty). peak threads / heap / RSS MiB: the most operating-system threads,\
                 Java heap in use and resident set (MiB, 2^20 bytes) of the server's process from the start of\
                 the warm-up to the end of the measured window, the highest over rounds; threads and heap sampled\
                 every 150 ms, the heap from the JVM's PerfData counters (as jstat reads them: G1 updates them\
                 region by region), the resident set its high-water mark (VmHWM, reset at the start of the warm-up\
                 through /proc/PID/clear_refs); – where unknown (a heap: not a JVM).\s""" + CompareReport.SELECTOR_NOTE + "\n");
    }

    @Test
    void withoutNettyTheRatiosAreBlankAndAnUnknownCpuTimeIsADash() {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValue(2_000);
        Measurement noCpu = Measurement.of(Contender.THREADING, Style.BLOCKING, 10, Duration.ofSeconds(1), latency,
                null, null, Double.NaN);

        String report = CompareReport.markdown(new MachineInfo(1, "x", 0, "os", "jdk"),
                new CompareReport.Settings("c", 1, 1, 1, Duration.ZERO, Duration.ofSeconds(1), 1, 1), List.of(noCpu));

        assertThat(report).contains("Machine: 1 core, x, RAM unknown, os, jdk.",
                "Load: 1 connection to 127.0.0.1, each a closed loop of 1-byte",
                "| ThreadingServer | blocking | none | 10 | 2.0 | 2.0 | 2.0 | – | – | – | – | – | – | – |");
    }

    @Test
    void anOpenLoopSaysHowItSentAndFlagsTheRowsThatCouldNotKeepUp() {
        CompareReport.Settings openLoop = new CompareReport.Settings("compare --rate=125000", 64, 64, 1,
                Duration.ofSeconds(3), Duration.ofSeconds(10), 1, 2, 125_000);

        String report = CompareReport.markdown(MACHINE, openLoop, List.of(
                row(Contender.HYBRID, Style.EVENT, 1_240_000, 12_000),
                row(Contender.SELECT, Style.BLOCKING, 1_000_000, 12_000),
                row(Contender.NETTY, Style.EVENT, 1_125_000, 10_000)));

        assertThat(report).contains(
                "Load: 64 connections to 127.0.0.1, together an open loop at 125,000 req/s (each connection on a fixed"
                        + " schedule, see below) of 64-byte echo requests (one in flight)",
                "| HybridServer | event | epoll | 124,000 | 412 |",
                "| SelectServer | blocking | epoll | 100,000 (behind) | 412 |",
                "| Netty NIO | event | epoll | 112,500 | 412 |",
                "Open loop at 125,000 req/s (wrk2's method): each connection sends on a fixed schedule, 1953.13"
                        + " requests a second",
                "under 90% of the rate asked, the server could not keep up",
                " Could not keep up: SelectServer blocking (100,000 req/s, 80%).\n");
        assertThat(CompareReport.markdown(MACHINE, SETTINGS, List.of(row(Contender.NETTY, Style.EVENT, 10, 1))))
                .doesNotContain("open loop", "Open loop", "behind");
    }

    @Test
    void aFailedNettyRowIsNoReference() {
        String report = CompareReport.markdown(MACHINE, SETTINGS, List.of(
                row(Contender.HYBRID, Style.EVENT, 1_500_000, 12_000),
                Measurement.failed(Contender.NETTY, Style.EVENT, "no")));

        assertThat(report).contains(
                "| HybridServer | event | epoll | 150,000 | 412 | 1,235 | 9,871 | 8.00 | 1.20 | 0.50 | 1.75 | – | – | – |");
    }

    @Test
    void flagsARowDuringWhichSomethingElseKeptTheMachineBusy() {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValue(1000);
        Measurement quiet = Measurement.of(Contender.NETTY, Style.EVENT, 100, Duration.ofSeconds(1), latency,
                Duration.ofMillis(900), Duration.ofMillis(900), 1.95);
        Measurement disturbed = Measurement.of(Contender.SELECT, Style.EVENT, 100, Duration.ofSeconds(1), latency,
                Duration.ofMillis(500), Duration.ofMillis(500), 1.99);

        assertThat(disturbed.otherCores()).isCloseTo(0.99, org.assertj.core.data.Offset.offset(1e-9));
        String report = CompareReport.markdown(MACHINE, SETTINGS, List.of(quiet, disturbed));

        assertThat(report).contains("\nCaution: while SelectServer event (epoll) was measured, something else kept 0.99"
                + " cores busy; its numbers are disturbed.\n").doesNotContain("while Netty");
    }

    @Test
    void roundsAreReportedAsMediansAndAFailedRoundFailsTheRow() {
        Measurement a = row(Contender.HYBRID, Style.EVENT, 1_000_000, 10_000);
        Measurement b = row(Contender.HYBRID, Style.EVENT, 3_000_000, 12_000);
        Measurement c = row(Contender.HYBRID, Style.EVENT, 2_000_000, 30_000);

        Measurement median = Measurement.median(List.of(a, b, c));
        assertThat(median.rounds()).isEqualTo(3);
        assertThat(median.requestsPerSecond()).isEqualTo(200_000.0);
        assertThat(median.serverCpuMicrosPerRequest()).isEqualTo(10.0); // of 10, 4 and 15
        assertThat(Measurement.median(List.of(a, b)).requestsPerSecond()).isEqualTo(200_000.0);
        assertThat(Measurement.median(List.of(a))).isSameAs(a);
        assertThat(Measurement.median(List.of(a, Measurement.failed(Contender.HYBRID, Style.EVENT, "gone"))).failure())
                .isEqualTo("round 2: gone");

        String report = CompareReport.markdown(MACHINE, new CompareReport.Settings("c", 64, 64, 1,
                Duration.ofSeconds(3), Duration.ofSeconds(10), 3, 2), List.of(median));
        assertThat(report).contains("10s measured; 3 rounds (the servers in turn), every"
                + " number the median of the 3; HybridServer workers");
    }

    @Test
    void takesThePercentilesFromTheHistogram() {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        for (long micros = 1; micros <= 1000; micros++) {
            latency.recordValue(micros * 1000);
        }

        Measurement m = Measurement.of(Contender.SELECT, Style.EVENT, 1000, Duration.ofMillis(500), latency,
                Duration.ofMillis(5), Duration.ofMillis(400), 1.5);

        assertThat(CompareReport.micros(m.p50Nanos())).isEqualTo("500");
        assertThat(CompareReport.micros(m.p99Nanos())).isEqualTo("990");
        assertThat(CompareReport.micros(m.p999Nanos())).isEqualTo("999");
        assertThat(m.requestsPerSecond()).isEqualTo(2000.0);
        assertThat(m.serverCpuMicrosPerRequest()).isEqualTo(5.0);
        assertThat(m.serverCores()).isEqualTo(0.01);
        assertThat(m.clientCores()).isEqualTo(0.8);
        assertThat(m.machineCores()).isEqualTo(1.5);
    }

    @Test
    void machineLoadReadsProcStat() {
        MachineLoad before = MachineLoad.parse("cpu  100 5 50 800 20 0 25 0 0 0", 2);
        MachineLoad after = MachineLoad.parse("cpu  200 5 100 850 20 0 75 0 0 0", 2);

        assertThat(before).isEqualTo(new MachineLoad(180, 1000, 2));
        assertThat(after.busyProcessorsSince(before)).isEqualTo(2 * 200 / 250.0);
        assertThat(before.busyProcessorsSince(before)).isNaN();
    }

    @Test
    void machineInfoDescribesThisMachine() {
        MachineInfo machine = MachineInfo.current();

        assertThat(machine.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.cpuModel()).isNotBlank();
        assertThat(machine.jdk()).contains(Runtime.version().toString());
        assertThat(machine.describe()).startsWith(machine.cores() + " core");
    }
}
