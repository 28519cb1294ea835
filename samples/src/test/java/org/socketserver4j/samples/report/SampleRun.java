package org.socketserver4j.samples.report;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.socketserver4j.samples.ChatFlood;
import org.socketserver4j.samples.ChatFloodReport;
import org.socketserver4j.samples.ChurnReport;
import org.socketserver4j.samples.CompareReport;
import org.socketserver4j.samples.Contender;
import org.socketserver4j.samples.HeldMeasurement;
import org.socketserver4j.samples.HeldReport;
import org.socketserver4j.samples.LargeReport;
import org.socketserver4j.samples.MachineInfo;
import org.socketserver4j.samples.Measurement;
import org.socketserver4j.samples.ResourcePeaks;
import org.socketserver4j.samples.ScaleMeasurement;
import org.socketserver4j.samples.ScaleReport;
import org.socketserver4j.samples.SelectorChoice;
import org.socketserver4j.samples.Style;
import org.socketserver4j.samples.TlsReport;
import org.socketserver4j.samples.UdpReport;
import org.socketserver4j.samples.Workload;

/**
 * A fixed {@code compare} run on two selectors (epoll and poll) for the report's tests: echo
 * (curves, peaks, Netty, a poll row, a failed row whose reason needs escaping), large (an open
 * loop Netty could not keep up with), udp-echo (losses), tls-http (wrk's percentiles only), held,
 * chat-flood (one flood failed), scale (epoll keeps its busy echo beside the idle connections,
 * poll collapses; ForkingServer not run) and churn, collected as {@code compare} collects them,
 * from the Markdown tables its reports print.
 */
final class SampleRun {

    /** The failed echo row's reason: every character HTML escapes. */
    static final String FAILURE = "the server exited with 1 before printing 'listening on' <b>&\"x\"</b>";

    /**
     * Charts the page of {@link #report()} has: echo 5 (throughput, latency, CPU, memory,
     * threads), large, udp-echo and tls-http 3 each (no peaks), held 2 (memory, threads: no rate),
     * chat-flood 2 (lines/s, RSS), scale 7 (kept, requests/s, CPU and p99 alone and beside,
     * latency, memory, threads), churn 3 (no peaks).
     */
    static final int CHARTS = 28;

    /** The large workload's open loop: requests per second asked for. */
    static final int LARGE_RATE = 2_000;

    static final MachineInfo MACHINE = new MachineInfo(2, "Test CPU <2 GHz>", 24L << 30, "Linux 6.1 amd64",
            "JDK 25 (Test)");
    static final String COMMAND = "compare --strategies=select,hybrid,netty --workloads=echo,large,udp-echo,"
            + "tls-http,held,chat-flood,scale,churn --selectors=epoll,poll";
    static final OffsetDateTime DATE = OffsetDateTime.of(2026, 12, 1, 5, 0, 0, 0, ZoneOffset.UTC);

    private SampleRun() {}

    /** The run's report. */
    static RunReport report() {
        ReportCollector collected = new ReportCollector(COMMAND, MACHINE, DATE);
        List<Measurement> echo = List.of(
                measured(Contender.SELECT, Style.EVENT, 100_000, 8_000, 0).withPeaks(new ResourcePeaks(20, 30L << 20,
                        80L << 20)),
                measured(Contender.HYBRID, Style.BLOCKING, 90_000, 9_000, 0),
                measured(Contender.SELECT, Style.EVENT, 80_000, 9_500, 0).withSelector(SelectorChoice.POLL),
                Measurement.failed(Contender.THREADING, Style.EVENT, FAILURE),
                measured(Contender.NETTY, Style.EVENT, 95_000, 8_500, 0).withPeaks(new ResourcePeaks(25, -1,
                        90L << 20)));
        collected.closedLoop(Workload.ECHO, echo, 64, CompareReport.markdown(MACHINE, settings(64), echo));
        List<Measurement> large = List.of(measured(Contender.SELECT, Style.EVENT, 1_990, 400_000, 0),
                measured(Contender.NETTY, Style.EVENT, 1_500, 380_000, 0));
        collected.closedLoop(Workload.LARGE, large, 262_144, LargeReport.markdown(MACHINE,
                new CompareReport.Settings(COMMAND, 4, 262_144, 1, Duration.ofMillis(100), Duration.ofSeconds(1), 1,
                        2, LARGE_RATE), large));
        List<Measurement> udp = List.of(measured(Contender.HYBRID, Style.EVENT, 150_000, 10_000, 12),
                measured(Contender.NETTY, Style.EVENT, 160_000, 9_000, 0));
        collected.closedLoop(Workload.UDP_ECHO, udp, 64, UdpReport.markdown(MACHINE,
                new UdpReport.Settings(settings(64), 32, Duration.ofSeconds(1)), udp));
        List<Measurement> wrk = List.of(Measurement.of(Contender.SELECT, Style.EVENT, 300_000, Duration.ofSeconds(1),
                        200_000, 900_000, 2_000_000, Duration.ofMillis(900), Duration.ofMillis(700), 1.8, 0),
                Measurement.of(Contender.NETTY, Style.EVENT, 250_000, Duration.ofSeconds(1), 250_000, 1_100_000,
                        3_000_000, Duration.ofMillis(950), Duration.ofMillis(700), 1.8, 0));
        collected.closedLoop(Workload.TLS_HTTP, wrk, 0, TlsReport.http(MACHINE, settings(0), wrk));
        List<HeldMeasurement> held = List.of(
                new HeldMeasurement(Contender.SELECT, Style.EVENT, 10_000, 0, 60L << 20, 18, 90L << 20, 19,
                        10L << 20, 25L << 20, true, 1_500, 0, null),
                new HeldMeasurement(Contender.THREADING, Style.BLOCKING, 10_000, 0, 60L << 20, 18, 200L << 20, 21,
                        10L << 20, 120L << 20, true, 2_500, 0, null),
                HeldMeasurement.failed(Contender.HYBRID, Style.EVENT, 10_000, "too many open files"));
        collected.held(held, HeldReport.markdown(MACHINE,
                new HeldReport.Settings(COMMAND, 10_000, 0, 64, 2), held));
        List<ChatFloodReport.Row> chat = List.of(
                new ChatFloodReport.Row(Contender.SELECT,
                        new ChatFlood.Result(1000, 1000, 5, 1000, true, false, false, 400, true, true, 4096),
                        70L << 20, null),
                new ChatFloodReport.Row(Contender.HYBRID, null, -1, "B could not join"));
        collected.chatFlood(chat, ChatFloodReport.markdown(MACHINE,
                new ChatFloodReport.Settings(COMMAND, 1000, Duration.ofSeconds(60)), chat));
        List<ScaleMeasurement> scale = List.of(
                scaled(Contender.SELECT, SelectorChoice.EPOLL, 100_000, 97_000),
                scaled(Contender.SELECT, SelectorChoice.POLL, 100_000, 12_000),
                scaled(Contender.NETTY, SelectorChoice.EPOLL, 95_000, 93_000),
                ScaleMeasurement.notRun(Contender.FORKING, Style.BLOCKING, 10_000, "a JVM per connection"));
        collected.scale(scale, 64, ScaleReport.markdown(MACHINE, new ScaleReport.Settings(settings(64), 10_000),
                scale));
        List<Measurement> churn = List.of(measured(Contender.SELECT, Style.EVENT, 20_000, 50_000, 0),
                measured(Contender.FORKING, Style.BLOCKING, 40, 30_000_000, 0),
                measured(Contender.NETTY, Style.EVENT, 25_000, 45_000, 0));
        collected.closedLoop(Workload.CHURN, churn, 64, ChurnReport.markdown(MACHINE, settings(64), churn));
        return collected.report();
    }

    /**
     * A scale row of {@code contender}'s event style on {@code selector}: {@code alone} and
     * {@code beside} busy requests in a second, the latency growing as the requests/s fall (and the
     * CPU per request, the same CPU time over fewer), beside 10,000 idle connections.
     */
    private static ScaleMeasurement scaled(Contender contender, SelectorChoice selector, long alone, long beside) {
        Measurement aloneRow = measured(contender, Style.EVENT, alone, 8_000, 0).withSelector(selector);
        Measurement besideRow = measured(contender, Style.EVENT, beside, 8_000 * alone / beside, 0)
                .withSelector(selector);
        HeldMeasurement held = new HeldMeasurement(contender, Style.EVENT, 10_000, 64, 60L << 20, 18, 90L << 20, 19,
                10L << 20, 25L << 20, true, 1_500, 0, null).withSelector(selector);
        return new ScaleMeasurement(aloneRow, besideRow, held);
    }

    private static CompareReport.Settings settings(int messageSize) {
        return new CompareReport.Settings(COMMAND, 4, messageSize, 1, Duration.ofMillis(100), Duration.ofSeconds(1),
                1, 2);
    }

    /**
     * A measured window of a second: {@code requests}, latencies spread from {@code baseNanos}
     * to 20 times it, {@code lost} unanswered.
     */
    static Measurement measured(Contender contender, Style style, long requests, long baseNanos, long lost) {
        Histogram latency = new Histogram(3);
        for (int i = 0; i < 10_000; i++) {
            latency.recordValue(baseNanos + (long) (baseNanos * 19.0 * Math.pow(i / 10_000.0, 8)));
        }
        return Measurement.of(contender, style, requests, Duration.ofSeconds(1), latency, Duration.ofMillis(900),
                Duration.ofMillis(600), 1.6, lost);
    }
}
