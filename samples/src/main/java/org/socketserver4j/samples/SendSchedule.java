package org.socketserver4j.samples;

/**
 * When one connection of {@link LoadGenerator} sends its requests, and from when their latency is
 * measured.
 *
 * <p>Closed loop: a request goes as soon as the previous one is answered, and its latency runs
 * from sending it. Open loop (wrk2's method): the connection's requests have intended send
 * times fixed in advance, {@code first}, {@code first + interval}, ... A request goes at its
 * intended time, or, when the connection is behind (the previous reply came late), as soon as
 * the previous reply is in; its latency runs from its intended time, so a server that stalls is
 * charged for every request the stall held back, not only for the one it held (coordinated
 * omission corrected). The load's selector waits in whole milliseconds, so a request may go up
 * to {@link #EARLY_NANOS} before its intended time; its latency then runs from when it went.
 * In both loops: latency = answered − the earlier of the intended and the actual send time.
 * {@link #restart} starts the intended times afresh (when measuring starts: what a server fell
 * behind while warming up is not carried into the measured window).
 */
final class SendSchedule {

    /** A request whose intended time is less than this ahead goes at once (the selector waits in whole ms). */
    static final long EARLY_NANOS = 1_000_000;
    /** A load that achieved less than this share of its rate could not keep up. */
    static final double KEPT_UP = 0.9;

    private final boolean open;
    private final long offset;
    private final double interval;
    private long start;
    private long sent;
    private long from;

    private SendSchedule(boolean open, long start, long offset, double interval) {
        this.open = open;
        this.start = start;
        this.offset = offset;
        this.interval = interval;
    }

    /** A closed loop: every request at once, its latency from sending it. */
    static SendSchedule closedLoop() {
        return new SendSchedule(false, 0, 0, 0);
    }

    /**
     * An open loop: requests intended at {@code firstNanos} ({@link System#nanoTime()}'s scale)
     * and every {@code intervalNanos} after it.
     */
    static SendSchedule openLoop(long firstNanos, double intervalNanos) {
        if (!(intervalNanos > 0)) {
            throw new IllegalArgumentException("intervalNanos must be positive: " + intervalNanos);
        }
        return new SendSchedule(true, firstNanos, 0, intervalNanos);
    }

    /**
     * The schedule of connection {@code index} of {@code connections} sending {@code batch}
     * requests at a time, the load as a whole {@code rate} requests a second (0: a closed loop),
     * starting at {@code startNanos}: each connection sends a batch every
     * {@code connections * batch / rate} seconds, the connections' first batches spread evenly
     * over the first such interval.
     */
    static SendSchedule of(double rate, int index, int connections, int batch, long startNanos) {
        if (rate <= 0) {
            return closedLoop();
        }
        double interval = connections * (double) batch * 1e9 / rate;
        return new SendSchedule(true, startNanos, (long) (index * interval / connections), interval);
    }

    /**
     * Starts the intended times afresh from {@code startNanos} (as the first time), forgetting the
     * requests that were due before; the request in flight keeps its own send time.
     */
    void restart(long startNanos) {
        start = startNanos;
        sent = 0;
    }

    /** The intended send time of the next request; any time at all in a closed loop. */
    long due() {
        return open ? start + offset + (long) (sent * interval) : Long.MIN_VALUE;
    }

    /** Whether the next request may go at {@code now}: always in a closed loop; its time has (nearly) come. */
    boolean sendable(long now) {
        return !open || due() - now < EARLY_NANOS;
    }

    /**
     * How long a selector may wait at {@code now} before {@link #sendable} turns true, in whole
     * milliseconds, at least 1.
     */
    long waitMillis(long now) {
        return Math.max(1, (due() - now) / 1_000_000);
    }

    /** The next request went at {@code now}. */
    void sent(long now) {
        from = open ? Math.min(due(), now) : now;
        sent++;
    }

    /** The latency of a response to the last request sent, read at {@code now}. */
    long latency(long now) {
        return now - from;
    }
}
