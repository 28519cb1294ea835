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
 * @param gcDone whether the full GCs were done ({@code jcmd} found and answered)
 * @param openMillis how long opening the held connections took, their round trips included
 * @param notEchoingAfter held connections that no longer echoed after the readings
 * @param failure why it could not be measured, or {@code null}
 */
public record HeldMeasurement(Contender contender, Style style, int held, int busy, long idleRssBytes,
        int idleThreads, long rssBytes, int threads, long idleHeapUsedBytes, long heapUsedBytes, boolean gcDone,
        long openMillis, int notEchoingAfter, String failure) {

    /** Checks the arguments. */
    public HeldMeasurement {
        Objects.requireNonNull(contender, "contender");
        Objects.requireNonNull(style, "style");
    }

    /** A row that could not be measured, and why. */
    public static HeldMeasurement failed(Contender contender, Style style, int held, String failure) {
        return new HeldMeasurement(contender, style, held, 0, -1, -1, -1, -1, -1, -1, false, -1, 0,
                Objects.requireNonNull(failure, "failure"));
    }

    /** Whether it was measured. */
    public boolean ok() {
        return failure == null;
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
