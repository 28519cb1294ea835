package org.socketserver4j.samples.report;

import java.util.List;
import java.util.Objects;
import org.socketserver4j.samples.ChatFlood;
import org.socketserver4j.samples.LatencyPoint;
import org.socketserver4j.samples.ResourcePeaks;
import org.socketserver4j.samples.SelectorChoice;

/**
 * One server's row of a workload, whatever the workload measured. Unknown or inapplicable
 * numbers are NaN ({@link ResourcePeaks}: -1); a row that failed or did not take part has only
 * its name and its reason.
 *
 * @param name the server, style and selector
 * @param failure why it could not be measured, or {@code null}
 * @param notRun why the server did not take part in the workload (not a failure), or {@code null}
 * @param rate what the workload counts ({@link WorkloadReport#rateUnit()}) per second
 * @param megabytesPerSecond payload echoed, MB (10^6 bytes) per second
 * @param latency latency percentiles and curve
 * @param cpuMicrosPerUnit the server's CPU time per unit of the rate, microseconds
 * @param serverCores processors the server kept busy on average
 * @param clientCores processors the load generator kept busy on average
 * @param machineCores processors the whole machine kept busy on average
 * @param lost requests never answered (UDP)
 * @param peaks the server's threads, heap in use and resident set: the most while measured, while
 *     holding the connections (held, scale), at the end of the flood (chat-flood)
 * @param held the held figures (held and scale workloads), or {@code null}
 * @param chat what happened in a chat flood, or {@code null}
 * @param alone the scale workload's busy echo with no idle connection open (this row's figures
 *     being those beside the idle ones), or {@code null}
 * @param behind whether an open loop's row achieved too little of the rate asked (it could not keep up)
 */
public record ReportRow(Name name, String failure, String notRun, double rate, double megabytesPerSecond,
        Latency latency, double cpuMicrosPerUnit, double serverCores, double clientCores, double machineCores,
        double lost, ResourcePeaks peaks, HeldFigures held, ChatFlood.Result chat, ReportRow alone,
        boolean behind) {

    /** Checks the arguments. */
    public ReportRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(peaks, "peaks");
    }

    /** A row that could not be measured, and why. */
    public static ReportRow failed(Name name, String failure) {
        return notMeasured(name, Objects.requireNonNull(failure, "failure"), null);
    }

    /** The row of a server that did not take part in the workload, and why: not a failure. */
    public static ReportRow notRun(Name name, String why) {
        return notMeasured(name, null, Objects.requireNonNull(why, "why"));
    }

    private static ReportRow notMeasured(Name name, String failure, String notRun) {
        return new ReportRow(name, failure, notRun, Double.NaN, Double.NaN, Latency.UNKNOWN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, ResourcePeaks.UNKNOWN, null, null, null, false);
    }

    /** This row named {@code name} (its {@link #alone()} too). */
    public ReportRow withName(Name name) {
        return new ReportRow(name, failure, notRun, rate, megabytesPerSecond, latency, cpuMicrosPerUnit, serverCores,
                clientCores, machineCores, lost, peaks, held, chat, alone == null ? null : alone.withName(name),
                behind);
    }

    /** The server, e.g. {@code HybridServer}. */
    public String server() {
        return name.server();
    }

    /** The handler style, e.g. {@code event}. */
    public String style() {
        return name.style();
    }

    /** The selector its connections waited on: {@code epoll}, {@code poll} or {@code none}. */
    public String selector() {
        return name.selector();
    }

    /**
     * The row's name in legends, bars and JSON, e.g. {@code HybridServer event}, or
     * {@code HybridServer event · poll} in a run of several selectors: the one place it is made.
     */
    public String label() {
        return name.label();
    }

    /** Whether it was to be measured and could not be. */
    public boolean failed() {
        return failure != null;
    }

    /** What a row that is not {@link #ok()} says instead of figures: {@code failed: ...} or {@code not run: ...}. */
    public String describeNotOk() {
        return failed() ? "failed: " + failure : "not run: " + notRun;
    }

    /** Whether it was measured (neither failed nor left out). */
    public boolean ok() {
        return failure == null && notRun == null;
    }

    /**
     * Who a row is of.
     *
     * @param server the server, e.g. {@code HybridServer}
     * @param style the handler style, e.g. {@code event}
     * @param selector the selector its connections waited on: {@code epoll}, {@code poll} or {@code none}
     * @param selectorInLabel whether {@link #label()} names the selector (a run of several selectors;
     *     never for {@code none})
     */
    public record Name(String server, String style, String selector, boolean selectorInLabel) {

        /** The separator between a label's server and style and its selector. */
        static final String SELECTOR_SEPARATOR = " · ";

        /** Checks the arguments. */
        public Name {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(style, "style");
            Objects.requireNonNull(selector, "selector");
        }

        /** A name whose label does not show the selector. */
        public Name(String server, String style, String selector) {
            this(server, style, selector, false);
        }

        /** The server and style, e.g. {@code HybridServer event}. */
        public String serverAndStyle() {
            return server + " " + style;
        }

        /** {@link #serverAndStyle()}, then the selector if shown and not {@code none}. */
        public String label() {
            boolean shown = selectorInLabel && !selector.equals(SelectorChoice.NONE.label());
            return shown ? serverAndStyle() + SELECTOR_SEPARATOR + selector : serverAndStyle();
        }

        /** This name, its selector shown in labels if {@code shown}. */
        public Name showingSelector(boolean shown) {
            return new Name(server, style, selector, shown);
        }
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
