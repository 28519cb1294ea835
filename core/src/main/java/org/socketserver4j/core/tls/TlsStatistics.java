package org.socketserver4j.core.tls;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live TLS counters of a server (all zero on a plain one). A connection is handed to the
 * server's pipeline, and counted accepted, only once its handshake is done: one that fails or
 * times out in the handshake is counted here and nowhere else.
 */
public final class TlsStatistics {

    private final LongAdder handshakes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();

    /** Counts a handshake done. */
    public void handshakeDone() {
        handshakes.increment();
    }

    /** Counts a handshake that failed: a bad or plaintext client, no common protocol, a reset. */
    public void handshakeFailed() {
        failures.increment();
    }

    /** Counts a client that had not finished its handshake within the handshake timeout. */
    public void handshakeTimedOut() {
        timeouts.increment();
    }

    /** Handshakes done. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Handshakes that failed (timeouts not included). */
    public long handshakeFailures() {
        return failures.sum();
    }

    /** Handshakes that timed out. */
    public long handshakeTimeouts() {
        return timeouts.sum();
    }

    @Override
    public String toString() {
        return "handshakes=" + handshakes() + " failures=" + handshakeFailures() + " timeouts=" + handshakeTimeouts();
    }
}
