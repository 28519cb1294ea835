package org.socketserver4j.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * One row of a comparison: what the load generator saw of one server in its measured window,
 * or the median of several such windows ({@link #median}). Unknown numbers are NaN.
 *
 * @param contender the server
 * @param style the handler style it served echo in
 * @param rounds how many measured windows the numbers are the median of (1: one window)
 * @param requestsPerSecond requests completed per second
 * @param p50Nanos median latency
 * @param p99Nanos 99th percentile latency
 * @param p999Nanos 99.9th percentile latency
 * @param maxNanos the highest latency
 * @param latencyCurve latency at {@link LatencyPoint#PERCENTILES}, in that order, or empty where
 *     only a few percentiles are known (wrk)
 * @param serverCpuMicrosPerRequest CPU time of the server's process per request, microseconds
 * @param serverCores processors the server's process kept busy on average
 * @param clientCores processors the load generator's process kept busy on average
 * @param machineCores processors the whole machine kept busy on average
 * @param lost requests sent while measuring and never answered in time (UDP; 0 over TCP)
 * @param peaks the server process's peak threads, heap and resident set while measured, or
 *     {@link ResourcePeaks#UNKNOWN}
 * @param failure why it could not be measured, or {@code null}
 * @param selector the selector its connections waited on ({@link SelectorChoice#NONE}: threads)
 * @param notRun why this server did not take part in the workload (not a failure), or {@code null}
 */
public record Measurement(Contender contender, Style style, int rounds, double requestsPerSecond,
        double p50Nanos, double p99Nanos, double p999Nanos, double maxNanos, List<LatencyPoint> latencyCurve,
        double serverCpuMicrosPerRequest, double serverCores, double clientCores, double machineCores, double lost,
        ResourcePeaks peaks, String failure, SelectorChoice selector, String notRun) {

    /** Checks the arguments. */
    public Measurement {
        Objects.requireNonNull(contender, "contender");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(selector, "selector");
        latencyCurve = List.copyOf(latencyCurve);
        Objects.requireNonNull(peaks, "peaks");
    }

    /**
     * A measured window: {@code requests} completed in {@code window} with {@code latency}
     * (nanoseconds); the CPU times of the server and of the load generator over it, or
     * {@code null} if unknown.
     */
    public static Measurement of(Contender contender, Style style, long requests, Duration window,
            Histogram latency, Duration serverCpu, Duration clientCpu, double machineCores) {
        return of(contender, style, requests, window, latency, serverCpu, clientCpu, machineCores, 0);
    }

    /** A measured window as {@link #of(Contender, Style, long, Duration, Histogram, Duration, Duration,
     * double)}, with {@code lost} requests unanswered. */
    public static Measurement of(Contender contender, Style style, long requests, Duration window,
            Histogram latency, Duration serverCpu, Duration clientCpu, double machineCores, long lost) {
        Measurement measured = of(contender, style, requests, window, latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), serverCpu, clientCpu,
                machineCores, lost);
        return new Measurement(contender, style, 1, measured.requestsPerSecond, measured.p50Nanos,
                measured.p99Nanos, measured.p999Nanos, latency.getMaxValue(), LatencyPoint.curve(latency),
                measured.serverCpuMicrosPerRequest, measured.serverCores, measured.clientCores, machineCores, lost,
                ResourcePeaks.UNKNOWN, null, contender.selector(), null);
    }

    /**
     * A measured window as {@link #of(Contender, Style, long, Duration, Histogram, Duration, Duration,
     * double, long)}, with its latency percentiles (nanoseconds) given, as {@code wrk} reports them.
     */
    public static Measurement of(Contender contender, Style style, long requests, Duration window, double p50Nanos,
            double p99Nanos, double p999Nanos, Duration serverCpu, Duration clientCpu, double machineCores,
            long lost) {
        double seconds = window.toNanos() / 1e9;
        return new Measurement(contender, style, 1, requests / seconds, p50Nanos, p99Nanos, p999Nanos,
                Double.NaN, List.of(), serverCpu == null || requests == 0 ? Double.NaN : serverCpu.toNanos() / 1e3 / requests,
                serverCpu == null ? Double.NaN : serverCpu.toNanos() / 1e9 / seconds,
                clientCpu == null ? Double.NaN : clientCpu.toNanos() / 1e9 / seconds,
                machineCores, lost, ResourcePeaks.UNKNOWN, null, contender.selector(), null);
    }

    /** A row that could not be measured, and why. */
    public static Measurement failed(Contender contender, Style style, String failure) {
        return new Measurement(contender, style, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                List.of(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, ResourcePeaks.UNKNOWN,
                Objects.requireNonNull(failure, "failure"), contender.selector(), null);
    }

    /**
     * The row of a server that did not take part in a workload, and why (e.g. a JVM per
     * connection where the workload opens thousands): not a failure.
     */
    public static Measurement notRun(Contender contender, Style style, String why) {
        return new Measurement(contender, style, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                List.of(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, ResourcePeaks.UNKNOWN,
                null, contender.selector(), Objects.requireNonNull(why, "why"));
    }

    /** This row with the server's resource peaks while measured. */
    public Measurement withPeaks(ResourcePeaks peaks) {
        return new Measurement(contender, style, rounds, requestsPerSecond, p50Nanos, p99Nanos, p999Nanos, maxNanos,
                latencyCurve, serverCpuMicrosPerRequest, serverCores, clientCores, machineCores, lost, peaks,
                failure, selector, notRun);
    }

    /** This row as measured on {@code selector}. */
    public Measurement withSelector(SelectorChoice selector) {
        return new Measurement(contender, style, rounds, requestsPerSecond, p50Nanos, p99Nanos, p999Nanos, maxNanos,
                latencyCurve, serverCpuMicrosPerRequest, serverCores, clientCores, machineCores, lost, peaks,
                failure, selector, notRun);
    }

    /**
     * The median of each number over {@code rounds} of the same server and style; a failed
     * round makes the row failed.
     */
    public static Measurement median(List<Measurement> rounds) {
        Measurement first = rounds.getFirst();
        for (int i = 0; i < rounds.size(); i++) {
            Measurement round = rounds.get(i);
            if (round.contender() != first.contender() || round.style() != first.style()
                    || round.selector() != first.selector()) {
                throw new IllegalArgumentException("rounds of different servers: " + rounds);
            }
            if (!round.ok()) {
                return rounds.size() == 1 || round.failure() == null ? round : failed(first.contender(),
                        first.style(), "round " + (i + 1) + ": " + round.failure()).withSelector(first.selector());
            }
        }
        if (rounds.size() == 1) {
            return first;
        }
        return new Measurement(first.contender(), first.style(), rounds.size(),
                median(rounds, Measurement::requestsPerSecond), median(rounds, Measurement::p50Nanos),
                median(rounds, Measurement::p99Nanos), median(rounds, Measurement::p999Nanos),
                median(rounds, Measurement::maxNanos), medianCurve(rounds),
                median(rounds, Measurement::serverCpuMicrosPerRequest), median(rounds, Measurement::serverCores),
                median(rounds, Measurement::clientCores), median(rounds, Measurement::machineCores),
                median(rounds, Measurement::lost), ResourcePeaks.highest(rounds.stream().map(Measurement::peaks).toList()),
                null, first.selector(), null);
    }

    /** The median at each percentile of the rounds' curves; empty unless every round has one. */
    private static List<LatencyPoint> medianCurve(List<Measurement> rounds) {
        if (rounds.stream().anyMatch(round -> round.latencyCurve().size() != LatencyPoint.PERCENTILES.size())) {
            return List.of();
        }
        List<LatencyPoint> curve = new ArrayList<>();
        for (int i = 0; i < LatencyPoint.PERCENTILES.size(); i++) {
            int at = i;
            double[] values = rounds.stream().mapToDouble(round -> round.latencyCurve().get(at).nanos()).toArray();
            curve.add(new LatencyPoint(LatencyPoint.PERCENTILES.get(i), median(values)));
        }
        return curve;
    }

    private static double median(List<Measurement> rounds, ToDoubleFunction<Measurement> metric) {
        return median(rounds.stream().mapToDouble(metric).toArray());
    }

    private static double median(double[] unsorted) {
        double[] values = Arrays.stream(unsorted).sorted().toArray();
        if (Arrays.stream(values).anyMatch(Double::isNaN)) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /**
     * Processors kept busy by neither the server nor the load generator (other processes,
     * kernel threads), or NaN if unknown.
     */
    public double otherCores() {
        return machineCores - serverCores - clientCores;
    }

    /** Whether it was measured (neither failed nor left out). */
    public boolean ok() {
        return failure == null && notRun == null;
    }

    /** Whether it failed: it was to be measured and could not be. */
    public boolean failed() {
        return failure != null;
    }

    /** What a row that is not {@link #ok()} says instead of figures: {@code failed: ...} or {@code not run: ...}. */
    public String describeNotOk() {
        return failure != null ? "failed: " + failure : notRun != null ? "not run: " + notRun : "measured";
    }
}
