package org.socketserver4j.samples;

import java.util.Objects;

/**
 * One row of the {@code held} workload: one server's memory and threads, idle and then while
 * holding many idle connections. Unknown numbers are -1.
 *
 * @param contender the server
 * @param style the handler style it served echo in
 * @param held connections held open (each made one echo round trip)
 * @param busy connections kept busy with closed-loop echo meanwhile
 * @param idleRssBytes the server's resident set before any connection, after a full GC
 * @param idleThreads its operating-system threads then
 * @param rssBytes its resident set while holding them, after a full GC
 * @param threads its operating-system threads then
 * @param idleHeapUsedBytes its heap in use before any connection (after the GC), or -1
 * @param heapUsedBytes its heap in use while holding them (after the GC), or -1
 * @param gcDone whether the full GCs were done (the server's JVM answered)
 * @param openMillis how long opening the held connections took, their round trips included
 * @param notEchoingAfter held connections that no longer echoed after the readings
 * @param failure why it could not be measured, or {@code null}
 * @param selector the selector its connections waited on ({@link SelectorChoice#NONE}: threads)
 * @param notRun why this server did not take part (not a failure), or {@code null}
 */
public record HeldMeasurement(Contender contender, Style style, int held, int busy, long idleRssBytes,
        int idleThreads, long rssBytes, int threads, long idleHeapUsedBytes, long heapUsedBytes, boolean gcDone,
        long openMillis, int notEchoingAfter, String failure, SelectorChoice selector, String notRun) {

    /** Checks the arguments. */
    public HeldMeasurement {
        Objects.requireNonNull(contender, "contender");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(selector, "selector");
    }

    /** A measured row, on {@code contender}'s default selector ({@link #withSelector} for another). */
    public HeldMeasurement(Contender contender, Style style, int held, int busy, long idleRssBytes, int idleThreads,
            long rssBytes, int threads, long idleHeapUsedBytes, long heapUsedBytes, boolean gcDone, long openMillis,
            int notEchoingAfter, String failure) {
        this(contender, style, held, busy, idleRssBytes, idleThreads, rssBytes, threads, idleHeapUsedBytes,
                heapUsedBytes, gcDone, openMillis, notEchoingAfter, failure, contender.selector(), null);
    }

    /** A row that could not be measured, and why. */
    public static HeldMeasurement failed(Contender contender, Style style, int held, String failure) {
        return new HeldMeasurement(contender, style, held, 0, -1, -1, -1, -1, -1, -1, false, -1, 0,
                Objects.requireNonNull(failure, "failure"));
    }

    /** The row of a server that did not take part, and why: not a failure. */
    public static HeldMeasurement notRun(Contender contender, Style style, int held, String why) {
        return new HeldMeasurement(contender, style, held, 0, -1, -1, -1, -1, -1, -1, false, -1, 0, null,
                contender.selector(), Objects.requireNonNull(why, "why"));
    }

    /** This row as measured on {@code selector}. */
    public HeldMeasurement withSelector(SelectorChoice selector) {
        return new HeldMeasurement(contender, style, held, busy, idleRssBytes, idleThreads, rssBytes, threads,
                idleHeapUsedBytes, heapUsedBytes, gcDone, openMillis, notEchoingAfter, failure, selector, notRun);
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

    /**
     * Resident memory per held connection above the idle server's, in bytes (busy connections,
     * if any, are counted with the held ones), or NaN if unknown.
     */
    public double rssBytesPerConnection() {
        return idleRssBytes < 0 || rssBytes < 0 ? Double.NaN : (rssBytes - idleRssBytes) / (double) (held + busy);
    }

    /** Heap in use per held connection above the idle server's, in bytes (busy ones counted), or NaN. */
    public double heapBytesPerConnection() {
        return idleHeapUsedBytes < 0 || heapUsedBytes < 0 ? Double.NaN
                : (heapUsedBytes - idleHeapUsedBytes) / (double) (held + busy);
    }
}
