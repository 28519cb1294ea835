package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The udp-echo workload's Markdown table, from fixed numbers. */
class UdpReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, "AMD EPYC", 3L << 30, "Linux 6.1 amd64",
            "JDK 25 (Eclipse Adoptium)");
    private static final UdpReport.Settings SETTINGS = new UdpReport.Settings(new CompareReport.Settings(
            "compare --workloads=udp-echo", 8, 64, 1, Duration.ofSeconds(3), Duration.ofSeconds(10), 1, 2),
            32, Duration.ofSeconds(1));

    /** {@code datagrams} answered in 10 s, {@code cpuMillis} of server CPU, 5 s of client CPU, {@code lost}. */
    private static Measurement row(Contender contender, Style style, long datagrams, long cpuMillis, long lost) {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValueWithCount(1_500_000, 98);
        latency.recordValue(6_000_000);
        latency.recordValue(9_000_000);
        return Measurement.of(contender, style, datagrams, Duration.ofSeconds(10), latency,
                Duration.ofMillis(cpuMillis), Duration.ofSeconds(5), cpuMillis / 10_000.0 + 0.5 + 0.05, lost);
    }

    @Test
    void reportsDatagramsPerSecondLossesAndCpuPerDatagramWithRatiosToNetty() {
        // 1,500,000 in 10 s = 150,000/s; 9 s CPU / 1,500,000 = 6 µs; 150 lost of 1,500,150 sent = 0.010%
        String report = UdpReport.markdown(MACHINE, SETTINGS, List.of(
                row(Contender.SELECT, Style.EVENT, 1_500_000, 9_000, 150),
                row(Contender.NETTY, Style.EVENT, 1_000_000, 12_000, 0).withPeaks(new ResourcePeaks(9, 12L << 20,
                        80L << 20)),
                Measurement.failed(Contender.THREADING, Style.BLOCKING, "the server | died")));

        assertThat(report).startsWith("""
                Command: `compare --workloads=udp-echo`

                Machine: 2 cores, AMD EPYC, 3.0 GiB RAM, Linux 6.1 amd64, JDK 25 (Eclipse Adoptium).
                Workload udp-echo: 8 UDP senders to 127.0.0.1, each a non-blocking DatagramChannel keeping 32\
                 64-byte echo requests outstanding (a sequence number in each, every reply matched to its request\
                 and checked byte for byte, its slot then sending the next), from 1 load-generator thread (NIO);\
                 each server in a JVM of its own, kept for the run (each row's server started and stopped in it), 3s warm-up, then 10s measured; HybridServer workers and Netty\
                 event-loop threads: 2. A request unanswered after 1s is lost: counted, not resent (its slot\
                 sends a new request). ForkingServer is not measured: it starts a JVM per datagram.

                | server | style | selector | datagrams/s | p50 µs | p99 µs | p99.9 µs | lost | server CPU µs/datagram\
                 | server cores | load-gen cores | machine cores | datagrams/s vs Netty | CPU/datagram vs Netty\
                 | peak threads / heap / RSS MiB |
                |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | SelectServer | event | epoll | 150,000 | 1,500 | 6,001 | 9,003 | 150 (0.010%) | 6.00 | 0.90 | 0.50\
                 | 1.45 | 1.50 | 0.50 | – |
                | Netty NIO | event | epoll | 100,000 | 1,500 | 6,001 | 9,003 | 0 | 12.00 | 1.20 | 0.50 | 1.75 | 1.00\
                 | 1.00 | 9 / 12 / 80 |
                | ThreadingServer | blocking | none | failed: the server \\| died | – | – | – | – | – | – | – | – | – | – | – |

                datagrams/s: replies received per second, each matched to its request;""");
        assertThat(report).endsWith("(CPU/datagram below 1.00: less CPU per datagram than Netty). "
                + CompareReport.PEAKS_NOTE + " " + CompareReport.SELECTOR_NOTE + "\n")
                .doesNotContain("Caution");
    }

    @Test
    void withoutNettyTheRatiosAreDashesAndADisturbedRowIsFlagged() {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValue(1_000_000);
        Measurement busy = Measurement.of(Contender.HYBRID, Style.EVENT, 100_000, Duration.ofSeconds(1), latency,
                Duration.ofMillis(800), Duration.ofMillis(700), 1.9, 3);

        assertThat(UdpReport.markdown(MACHINE, SETTINGS, List.of(busy)))
                .contains("| HybridServer | event | epoll | 100,000 | 1,000 | 1,000 | 1,000 | 3 (<0.001%) | 8.00 | 0.80 | 0.70"
                        + " | 1.90 | – | – | – |")
                .contains("Caution: while HybridServer event (epoll) was measured, something else kept 0.40 cores busy");
    }

    @Test
    void lostIsTheMedianOfTheRounds() {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValue(1_000_000);
        List<Measurement> rounds = List.of(5L, 0L, 40L).stream()
                .map(lost -> Measurement.of(Contender.NETTY, Style.EVENT, 1000, Duration.ofSeconds(1), latency,
                        null, null, Double.NaN, lost))
                .toList();

        assertThat(Measurement.median(rounds).lost()).isEqualTo(5);
        assertThat(UdpReport.lost(Measurement.failed(Contender.NETTY, Style.EVENT, "x"), Duration.ofSeconds(1)))
                .isEqualTo("–");
    }
}
