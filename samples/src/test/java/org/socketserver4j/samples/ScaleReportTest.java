package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The scale workload's Markdown table, from fixed numbers. */
class ScaleReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, "AMD EPYC", 3L << 30, "Linux 6.1 amd64",
            "JDK 25 (Eclipse Adoptium)");
    private static final long MIB = 1 << 20;
    private static final ScaleReport.Settings SETTINGS = new ScaleReport.Settings(new CompareReport.Settings(
            "compare --workloads=scale", 64, 64, 1, Duration.ofSeconds(3), Duration.ofSeconds(10), 1, 2), 10_000);

    private static Measurement busy(SelectorChoice selector, long requests, long cpuMillis) {
        Histogram latency = new Histogram(SelectorLoad.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValue(500_000);
        return Measurement.of(Contender.SELECT, Style.EVENT, requests, Duration.ofSeconds(1), latency,
                Duration.ofMillis(cpuMillis), Duration.ofMillis(500), 1.5).withSelector(selector);
    }

    private static ScaleMeasurement row(SelectorChoice selector, long alone, long beside, long cpuBeside) {
        return new ScaleMeasurement(busy(selector, alone, 900), busy(selector, beside, cpuBeside),
                new HeldMeasurement(Contender.SELECT, Style.EVENT, 10_000, 64, 70 * MIB, 23, 100 * MIB, 23,
                        5 * MIB, 15 * MIB, true, 1_500, 0, null).withSelector(selector));
    }

    @Test
    void showsTheBusyEchoAloneAndBesideTheIdleConnectionsPerSelectorAndWhoDidNotTakePart() {
        String report = ScaleReport.markdown(MACHINE, SETTINGS, List.of(
                row(SelectorChoice.EPOLL, 90_000, 88_000, 950),
                row(SelectorChoice.POLL, 100_000, 12_000, 1_000),
                ScaleMeasurement.failed(new CompareCommand.Run(Contender.NETTY, Style.EVENT, SelectorChoice.POLL),
                        10_000, "refused"),
                ScaleMeasurement.notRun(Contender.FORKING, Style.EVENT, 10_000, "a JVM per connection")));

        assertThat(report)
                .startsWith("Command: `compare --workloads=scale`\n\n")
                .contains("Workload scale: 64 busy connections to 127.0.0.1, each a closed loop of 64-byte echo"
                        + " requests (one in flight), measured alone, then again beside 10,000 idle connections",
                        "| server | style | selector | req/s alone | req/s beside 10,000 idle | beside / alone |",
                        "| SelectServer | event | epoll | 90,000 | 88,000 | 0.98 | 10.00 | 10.80 | 500 | 500 | 70.0"
                                + " | 100.0 | 3.05 | 23 | 15.0 | 0 |",
                        "| SelectServer | event | poll | 100,000 | 12,000 | 0.12 | 9.00 | 83.33 | 500 | 500 |",
                        "| Netty NIO | event | poll | failed: refused |" + " – |".repeat(12),
                        "| ForkingServer | event | none | not run: a JVM per connection |")
                .endsWith(CompareReport.SELECTOR_NOTE + "\n");
    }
}
