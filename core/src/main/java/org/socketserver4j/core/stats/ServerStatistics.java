package org.socketserver4j.core.stats;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.socketserver4j.core.datagram.DatagramStatistics;
import org.socketserver4j.core.tls.TlsStatistics;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Live counters of one server. Engines count; anyone may read at any time. Counters only
 * grow, except {@link #active()}.
 *
 * <p>Every accepted connection ends counted exactly once, as rejected (refused before the
 * engine handed it to a handler: {@code verifyRequest} false or throwing, the per-address
 * limit, an event handler whose constructor threw, a handler pool or connection thread that
 * refused it) or as closed (after the hand-over; a blocking handler is made on its own thread
 * in {@code finishRequest}, so one whose constructor throws is counted closed), so {@code
 * accepted = rejected + closed + active} always. The counters are read one after another, not at one instant: use
 * {@link #connections()} to see the four together; it reads them in the order that keeps
 * {@code active} from ever being negative.
 */
public final class ServerStatistics {

    /**
     * The connection counters read together: {@code accepted = rejected + closed + active},
     * and {@code active >= 0}.
     *
     * @param accepted connections accepted
     * @param rejected connections refused after accept
     * @param closed connections handed to a handler and closed since
     * @param active connections open now: accepted less rejected and closed
     */
    public record Connections(long accepted, long rejected, long closed, long active) {}

    private final DatagramStatistics datagrams = new DatagramStatistics();
    private final TlsStatistics tls = new TlsStatistics();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();
    private final LongAdder acceptErrors = new LongAdder();
    private final LongAdder forceClosed = new LongAdder();
    private final LongAdder writeStalls = new LongAdder();
    private final LongAdder outboundOverflows = new LongAdder();
    private final LongAdder childrenStarted = new LongAdder();
    private final LongAdder childExits = new LongAdder();
    private final LongAdder childFailures = new LongAdder();
    private final Recorder latencyRecorder = new Recorder(3);
    private final Histogram latencyTotal = new Histogram(3);
    private Histogram latencyInterval;

    /** The datagram counters (UDP servers; all zero on a stream server). */
    public DatagramStatistics datagrams() {
        return datagrams;
    }

    /** Counts a connection accepted from the listener. */
    public void connectionAccepted() {
        accepted.increment();
    }

    /** Counts an accepted connection refused by {@code verifyRequest} or a limit. */
    public void connectionRejected() {
        rejected.increment();
    }

    /** Counts a connection closed after it was handed to a handler. */
    public void connectionClosed() {
        closed.increment();
    }

    /** Counts a connection closed by an idle, read or write timeout. */
    public void connectionTimedOut() {
        timedOut.increment();
    }

    /** Counts a connection closed by the server at the end of the close grace period. */
    public void connectionForceClosed() {
        forceClosed.increment();
    }

    /** Counts bytes read from peers. */
    public void bytesRead(long n) {
        bytesIn.add(n);
    }

    /** Counts bytes written to peers. */
    public void bytesWritten(long n) {
        bytesOut.add(n);
    }

    /** Counts an exception that reached {@code handleError}. */
    public void handlerError() {
        handlerErrors.increment();
    }

    /** Counts a failed accept (for example EMFILE). */
    public void acceptError() {
        acceptErrors.increment();
    }

    /** Counts a write the socket could not take whole: output queued, OP_WRITE registered. */
    public void writeStalled() {
        writeStalls.increment();
    }

    /** Counts a connection closed because its queued output passed {@code maxOutboundBytes}. */
    public void outboundOverflowed() {
        outboundOverflows.increment();
    }

    /**
     * Records how long a handler ran: a blocking handler's whole setup/handle/finish, an
     * event handler's {@code onData} call. Wait-free for the recording thread.
     */
    public void handlerRan(long nanos) {
        latencyRecorder.recordValue(Math.max(0, nanos));
    }

    /** Counts a child process started (ForkingServer). */
    public void childStarted() {
        childrenStarted.increment();
    }

    /** Counts a child process that exited with {@code status}; non-zero counts as a failure. */
    public void childExited(int status) {
        childExits.increment();
        if (status != 0) {
            childFailures.increment();
        }
    }

    /** Child processes started (ForkingServer), pooled ones included. */
    public long childrenStarted() {
        return childrenStarted.sum();
    }

    /** Child processes that served a connection and exited. */
    public long childExits() {
        return childExits.sum();
    }

    /** Child processes that exited with a non-zero status or were killed. */
    public long childFailures() {
        return childFailures.sum();
    }

    /** Writes that found the socket buffer full, so output was queued. */
    public long writeStalls() {
        return writeStalls.sum();
    }

    /** Connections closed because their queued output passed {@code maxOutboundBytes}. */
    public long outboundOverflows() {
        return outboundOverflows.sum();
    }

    /**
     * A copy of the handler-latency histogram (nanoseconds) since the server started: see
     * {@link #handlerRan(long)}.
     */
    public synchronized Histogram handlerLatency() {
        latencyInterval = latencyRecorder.getIntervalHistogram(latencyInterval);
        latencyTotal.add(latencyInterval);
        return latencyTotal.copy();
    }

    /** Connections accepted. */
    public long accepted() {
        return accepted.sum();
    }

    /** Connections refused after accept. */
    public long rejected() {
        return rejected.sum();
    }

    /** The TLS counters (all zero on a plain server). */
    public TlsStatistics tls() {
        return tls;
    }

    /** Connections handed to a handler and closed since. */
    public long closed() {
        return closed.sum();
    }

    /** Connections open now: accepted less rejected and closed; never negative. */
    public long active() {
        return connections().active();
    }

    /**
     * Accepted, rejected, closed and active read together. A connection is counted accepted
     * before it is counted rejected or closed, so reading closed and rejected first and
     * accepted last never shows more ended than accepted; active is computed from the same
     * reads, so the identity holds exactly. No lock: nothing is added to the counting paths.
     */
    public Connections connections() {
        long c = closed.sum();
        long r = rejected.sum();
        long a = accepted.sum();
        return new Connections(a, r, c, a - r - c);
    }

    /** Connections closed by a timeout. */
    public long timedOut() {
        return timedOut.sum();
    }

    /** Connections still open at the end of the close grace period and closed by force. */
    public long forceClosed() {
        return forceClosed.sum();
    }

    /** Bytes read from peers. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes written to peers. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Exceptions that reached {@code handleError}. */
    public long handlerErrors() {
        return handlerErrors.sum();
    }

    /** Failed accepts. */
    public long acceptErrors() {
        return acceptErrors.sum();
    }

    @Override
    public String toString() {
        Connections n = connections();
        return "accepted=" + n.accepted() + " active=" + n.active() + " rejected=" + n.rejected()
                + " closed=" + n.closed() + " timedOut=" + timedOut() + " forceClosed="
                + forceClosed() + " bytesIn=" + bytesIn() + " bytesOut=" + bytesOut()
                + " handlerErrors=" + handlerErrors() + " acceptErrors=" + acceptErrors()
                + " writeStalls=" + writeStalls() + " outboundOverflows=" + outboundOverflows()
                + " childExits=" + childExits()
                + " childFailures=" + childFailures() + " handlerLatency{" + latencySummary() + "}";
    }

    private String latencySummary() {
        Histogram h = handlerLatency();
        if (h.getTotalCount() == 0) {
            return "none";
        }
        return "count=" + h.getTotalCount()
                + " p50=" + micros(h.getValueAtPercentile(50))
                + " p99=" + micros(h.getValueAtPercentile(99))
                + " max=" + micros(h.getMaxValue());
    }

    private static String micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos) + "us";
    }
}
