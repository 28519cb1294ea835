package org.socketserver4j.samples.report;

import java.util.List;
import java.util.Objects;
import org.socketserver4j.samples.ChatFlood;
import org.socketserver4j.samples.LatencyPoint;
import org.socketserver4j.samples.ResourcePeaks;

/**
 * One server's row of a workload, whatever the workload measured. Unknown or inapplicable
 * numbers are NaN ({@link ResourcePeaks}: -1); a failed row has only its server, style and failure.
 *
 * @param server the server, e.g. {@code HybridServer}
 * @param style the handler style, e.g. {@code event}
 * @param failure why it could not be measured, or {@code null}
 * @param rate what the workload counts ({@link WorkloadReport#rateUnit()}) per second
 * @param megabytesPerSecond payload echoed, MB (10^6 bytes) per second
 * @param latency latency percentiles and curve
 * @param cpuMicrosPerUnit the server's CPU time per unit of the rate, microseconds
 * @param serverCores processors the server kept busy on average
 * @param clientCores processors the load generator kept busy on average
 * @param machineCores processors the whole machine kept busy on average
 * @param lost requests never answered (UDP)
 * @param peaks the server's threads, heap in use and resident set: the most while measured, while
 *     holding the connections (held), at the end of the flood (chat-flood)
 * @param held the held workload's other figures, or {@code null}
 * @param chat what happened in a chat flood, or {@code null}
 */
public record ReportRow(String server, String style, String failure, double rate, double megabytesPerSecond,
        Latency latency, double cpuMicrosPerUnit, double serverCores, double clientCores, double machineCores,
        double lost, ResourcePeaks peaks, HeldFigures held, ChatFlood.Result chat) {

    /** Checks the arguments. */
    public ReportRow {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(peaks, "peaks");
    }

    /** A row that could not be measured, and why. */
    public static ReportRow failed(String server, String style, String failure) {
        return new ReportRow(server, style, Objects.requireNonNull(failure, "failure"), Double.NaN, Double.NaN,
                Latency.UNKNOWN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, ResourcePeaks.UNKNOWN,
                null, null);
    }

    /**
     * The row's name in legends and tables, e.g. {@code HybridServer event}: the one place it is
     * made (a further dimension, such as the selector, belongs here).
     */
    public String label() {
        return server + " " + style;
    }

    /** Whether it was measured. */
    public boolean ok() {
        return failure == null;
    }

    /**
     * Latency percentiles, nanoseconds, NaN where unknown.
     *
     * @param p50Nanos the median
     * @param p99Nanos the 99th percentile
     * @param p999Nanos the 99.9th percentile
     * @param maxNanos the highest
     * @param curve latency at {@link LatencyPoint#PERCENTILES}, or empty where only a few are known
     */
    public record Latency(double p50Nanos, double p99Nanos, double p999Nanos, double maxNanos,
            List<LatencyPoint> curve) {

        /** Nothing known. */
        public static final Latency UNKNOWN = new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());

        /** Copies the curve. */
        public Latency {
            curve = List.copyOf(curve);
        }

        /**
         * The points to draw: the curve, or else the percentiles known (50, 99, 99.9, 100);
         * empty when none is.
         */
        public List<LatencyPoint> points() {
            if (!curve.isEmpty()) {
                return curve;
            }
            return List.of(new LatencyPoint(50, p50Nanos), new LatencyPoint(99, p99Nanos),
                    new LatencyPoint(99.9, p999Nanos), new LatencyPoint(100, maxNanos)).stream()
                    .filter(point -> !Double.isNaN(point.nanos()))
                    .toList();
        }
    }

    /**
     * The held workload's figures beyond {@link ReportRow#peaks()} (those while holding). Unknown
     * numbers are -1 (NaN for the per-connection ones).
     *
     * @param held idle connections held
     * @param busy connections kept busy meanwhile
     * @param idleRssBytes the server's resident set before any connection
     * @param idleThreads its threads then
     * @param idleHeapUsedBytes its heap in use then
     * @param rssBytesPerConnection resident set per connection above the idle server's
     * @param heapBytesPerConnection heap per connection above the idle server's
     * @param openMillis how long opening the connections took
     * @param notEchoingAfter held connections that no longer echoed after the readings
     * @param gcDone whether the full GCs before the readings were done
     */
    public record HeldFigures(int held, int busy, long idleRssBytes, long idleThreads, long idleHeapUsedBytes,
            double rssBytesPerConnection, double heapBytesPerConnection, long openMillis, int notEchoingAfter,
            boolean gcDone) {}
}
