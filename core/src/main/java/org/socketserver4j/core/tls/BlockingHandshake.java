package org.socketserver4j.core.tls;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.TaskScheduler;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.Scheduled;

/**
 * The TLS handshake of a connection on a blocking socket (ThreadingServer's, and the forking
 * relay's in the parent), run before the connection enters the server's pipeline, as on the
 * reactors: on a virtual thread of its own, within the context's handshake timeout (a timer
 * closes the connection, which wakes the blocked handshake). Done, it is counted and the
 * connection goes on; failed or timed out, it is counted in the TLS statistics only and
 * closed: it never reaches {@code verifyRequest}, a handler or a child.
 */
public final class BlockingHandshake {

    private static final Logger log = LoggerFactory.getLogger(BlockingHandshake.class);
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FAILED = 2;
    private static final int EXPIRED = 3;

    private final Connection connection;
    private final TlsTransport tls;
    private final Duration timeout;
    private final TlsStatistics statistics;
    /** Who ended it first: the handshake (done or failed) or the timer. */
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private BlockingHandshake(Connection connection, TlsTransport tls, Duration timeout, TlsStatistics statistics) {
        this.connection = connection;
        this.tls = tls;
        this.timeout = timeout;
        this.statistics = statistics;
    }

    /**
     * Starts the handshake of {@code connection} over {@code tls} on a virtual thread; once it
     * is done, {@code then} gets the session, on that thread.
     */
    public static void start(Connection connection, TlsTransport tls, Duration timeout, TaskScheduler scheduler,
            TlsStatistics statistics, Consumer<TlsSessionInfo> then) {
        BlockingHandshake handshake = new BlockingHandshake(connection, tls, timeout, statistics);
        Thread.ofVirtual().name("tls-handshake-" + connection.remoteAddress())
                .start(() -> handshake.run(scheduler, then));
    }

    private void run(TaskScheduler scheduler, Consumer<TlsSessionInfo> then) {
        Scheduled timer = scheduler.schedule(this::expire, timeout.toNanos());
        try {
            tls.handshake();
        } catch (IOException | RuntimeException e) {
            timer.cancel();
            // not counted when the server closed it meanwhile (it is closing): not the client's failure
            if (state.compareAndSet(RUNNING, FAILED) && connection.isOpen()) {
                statistics.handshakeFailed();
                log.debug("TLS handshake with {} failed: {}", connection.remoteAddress(), e.toString());
            }
            connection.close();
            return;
        }
        timer.cancel();
        if (!state.compareAndSet(RUNNING, DONE)) {
            return; // the timer came first and closed it
        }
        statistics.handshakeDone();
        try {
            then.accept(TlsSessionInfo.of(tls.engine()));
        } catch (RuntimeException e) {
            log.warn("dropping {}: it failed as it entered the server's pipeline", connection.remoteAddress(), e);
            connection.close();
        }
    }

    /** The timer: a handshake still running is counted as timed out and its connection closed. */
    private void expire() {
        if (state.compareAndSet(RUNNING, EXPIRED)) {
            statistics.handshakeTimedOut();
            log.debug("closing {}: no TLS handshake within {}", connection.remoteAddress(), timeout);
            connection.close();
        }
    }
}
