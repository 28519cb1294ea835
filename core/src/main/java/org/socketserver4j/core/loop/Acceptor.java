package org.socketserver4j.core.loop;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.stats.ServerStatistics;

/**
 * Accepts connections on a reactor: in batches of at most {@value #BATCH} per readiness
 * event, only while accepting is on and fewer than {@code maxConnections} are open. At the
 * limit OP_ACCEPT is dropped, so the kernel backlog holds further clients, and restored as
 * connections close. When accept fails for lack of descriptors (EMFILE, ENFILE) it backs off
 * (10 ms doubling to 1 s) instead of spinning, logs at most every 10 s, counts, and recovers
 * by itself.
 */
final class Acceptor implements Reactor.Selectable, Reactor.KeyHolder {

    /** Connections accepted per readiness event at most. */
    static final int BATCH = 64;

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private enum Mode { OFF, ONE, ON, CLOSED }

    private final Reactor reactor;
    private final ServerSocketChannel listener;
    private final int maxConnections;
    private final ServerStatistics statistics;
    private final Consumer<SocketChannel> onAccepted;
    private final AtomicInteger open = new AtomicInteger();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private SelectionKey key;
    private Mode mode = Mode.OFF;
    private CompletableFuture<Boolean> oneAccepted;
    private boolean backingOff;
    private long backoffNanos;
    private long lastErrorLog = System.nanoTime() - LOG_INTERVAL_NANOS;
    private int suppressedErrors;

    Acceptor(Reactor reactor, ServerSocketChannel listener, int maxConnections,
            ServerStatistics statistics, Consumer<SocketChannel> onAccepted) {
        this.reactor = reactor;
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.statistics = statistics;
        this.onAccepted = onAccepted;
    }

    /** Registers the listener with the reactor, not accepting yet. */
    void start() {
        reactor.execute(() -> {
            try {
                listener.configureBlocking(false);
                key = reactor.register(listener, 0, this);
                updateInterest();
            } catch (IOException e) {
                log.error("cannot register the listener {}", listener, e);
            }
        });
    }

    /** Turns accepting on or off; a pending {@link #acceptOne()} ends unaccepted. */
    void setAccepting(boolean on) {
        reactor.execute(() -> {
            if (mode != Mode.CLOSED) {
                mode = on ? Mode.ON : Mode.OFF;
                if (oneAccepted != null) {
                    oneAccepted.complete(false);
                    oneAccepted = null;
                }
                updateInterest();
            }
        });
    }

    /** Accepts exactly one connection; the future completes true once it is handed over. */
    CompletableFuture<Boolean> acceptOne() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        reactor.execute(() -> {
            if (mode == Mode.CLOSED) {
                done.complete(false);
                return;
            }
            oneAccepted = done;
            mode = Mode.ONE;
            updateInterest();
        });
        return done;
    }

    /**
     * Stops accepting for good and closes the listener, on the reactor; the future completes
     * once it has, so no connection is accepted after it.
     */
    CompletableFuture<Void> close() {
        reactor.runOrPost(this::closeOnLoop);
        return closed;
    }

    /** A connection this acceptor accepted has closed: frees its place under the limit. */
    void release() {
        int before = open.getAndDecrement();
        if (maxConnections > 0 && before >= maxConnections) {
            reactor.execute(this::updateInterest);
        }
    }

    /** Connections accepted and not yet released. */
    int openConnections() {
        return open.get();
    }

    @Override
    public void onReady(SelectionKey ready) {
        for (int i = 0; i < BATCH && accepting() && !atLimit(); i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException closed) {
                closeOnLoop();
                return;
            } catch (IOException e) {
                acceptFailed(e);
                return;
            }
            if (channel == null) {
                break;
            }
            backoffNanos = 0;
            open.incrementAndGet();
            CompletableFuture<Boolean> one = mode == Mode.ONE ? oneAccepted : null;
            if (one != null) {
                mode = Mode.OFF;
                oneAccepted = null;
            }
            onAccepted.accept(channel);
            if (one != null) {
                one.complete(true);
            }
        }
        updateInterest();
    }

    private boolean accepting() {
        return mode == Mode.ON || (mode == Mode.ONE && !oneAccepted.isDone());
    }

    private boolean atLimit() {
        return maxConnections > 0 && open.get() >= maxConnections;
    }

    private void acceptFailed(IOException e) {
        statistics.acceptError();
        boolean outOfDescriptors = isOutOfDescriptors(e);
        long now = System.nanoTime();
        if (now - lastErrorLog >= LOG_INTERVAL_NANOS) {
            log.warn("accept failed{} ({} more since the last report); backing off: {}",
                    outOfDescriptors ? " for lack of file descriptors" : "", suppressedErrors,
                    e.toString());
            lastErrorLog = now;
            suppressedErrors = 0;
        } else {
            suppressedErrors++;
        }
        backoffNanos = backoffNanos == 0 ? MIN_BACKOFF_NANOS
                : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        backingOff = true;
        updateInterest();
        reactor.schedule(() -> {
            backingOff = false;
            updateInterest();
        }, backoffNanos);
    }

    static boolean isOutOfDescriptors(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Too many open files") || message.contains("EMFILE")
                || message.contains("ENFILE");
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        boolean want = accepting() && !atLimit() && !backingOff;
        key.interestOps(want ? SelectionKey.OP_ACCEPT : 0);
    }

    private void closeOnLoop() {
        closed.complete(null);
        mode = Mode.CLOSED;
        if (oneAccepted != null) {
            oneAccepted.complete(false);
            oneAccepted = null;
        }
        if (key != null) {
            key.cancel();
        }
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("closing listener", e);
        }
    }

    @Override
    public void keyMoved(SelectionKey moved) {
        key = moved;
    }

    @Override
    public void onReactorStop() {
        closeOnLoop();
    }

    @Override
    public String toString() {
        return "acceptor " + listener;
    }
}
