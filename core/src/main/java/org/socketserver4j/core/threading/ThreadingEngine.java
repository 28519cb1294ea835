package org.socketserver4j.core.threading;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.BlockingEventLoop;
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.TaskScheduler;
import org.socketserver4j.core.engine.Timeouts;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.loop.AcceptorEngine;
import org.socketserver4j.core.loop.Reactor;

/**
 * A thread per connection. An acceptor reactor accepts (with the connection limit and
 * descriptor back-off every engine has) and hands each connection, in blocking mode, to a
 * thread from {@code threads}: a new virtual or platform thread per connection, or a bounded
 * pool (then the connection limit equals the pool size, so no connection waits in a queue).
 */
public final class ThreadingEngine extends AcceptorEngine<SocketConnection> {

    private static final Logger log = LoggerFactory.getLogger(ThreadingEngine.class);

    private final Supplier<ExecutorService> threads;
    private final SelectorProvider selectors;
    /** Every connection's timeouts: one object for all of them. */
    private final Timeouts timeouts;
    private Reactor acceptorReactor;
    /** The watchdog's timer: the accepting reactor's, one method reference for every connection. */
    private TaskScheduler scheduler;
    private ExecutorService executor;

    /** Makes the engine; each connection runs on a thread from an executor {@code threads} makes. */
    public ThreadingEngine(EngineSettings settings, ServerHooks hooks,
            Supplier<ExecutorService> threads) {
        this(settings, hooks, threads, SelectorProvider.provider());
    }

    /**
     * Makes the engine, its accepting reactor's selectors from {@code selectors} (tests pass
     * one that fails on demand); each connection runs on a thread from an executor
     * {@code threads} makes.
     */
    public ThreadingEngine(EngineSettings settings, ServerHooks hooks,
            Supplier<ExecutorService> threads, SelectorProvider selectors) {
        super(settings, hooks);
        this.threads = threads;
        this.selectors = selectors;
        this.timeouts = Timeouts.of(settings);
    }

    @Override
    protected Reactor startReactors() throws IOException {
        executor = threads.get();
        acceptorReactor = new Reactor(settings.name() + "-accept", selectors,
                cause -> log.error("{}: the accepting reactor died ({}): the server no longer "
                        + "accepts connections (open ones are still served); close it",
                        settings.name(), cause.toString()));
        acceptorReactor.start();
        scheduler = acceptorReactor::scheduleFromAnyThread;
        return acceptorReactor;
    }

    @Override
    protected void accepted(SocketChannel channel) throws IOException {
        configure(channel, true);
        SocketConnection c = new SocketConnection(channel, hooks, settings, timeouts, scheduler, this);
        track(c);
        if (settings.tls() == null) {
            hooks.accepted(c);
        } else {
            // the handshake blocks: on a thread of its own, and the pipeline only once it is done
            c.startHandshake(() -> hooks.accepted(c));
        }
    }

    /** A closed connection: forgotten. */
    void forget(SocketConnection c) {
        closed(c);
    }

    /**
     * Starts the connection's thread. The event handler is made first, so a constructor that
     * throws leaves the connection undispatched (the server counts it rejected, once). A
     * connection closed before it is handed over (the server closing) is counted closed and
     * not served; one the executor refuses is counted rejected and closed.
     */
    @Override
    public void process(Connection connection) {
        SocketConnection c = connections.find(connection);
        // The thread's task is the event loop itself (it closes the connection as it ends) or a
        // blocking handler's run: one frame under the handler's on the stack a parked idle
        // thread keeps on the heap.
        Runnable serve = switch (hooks.handlerFactory()) {
            case HandlerFactory.Blocking blocking -> new ServeBlocking(c, hooks);
            case HandlerFactory.Event event -> new BlockingEventLoop(c, event.newHandler(), hooks);
        };
        if (!c.dispatched()) {
            return;
        }
        try {
            executor.execute(serve);
        } catch (RejectedExecutionException | OutOfMemoryError refused) {
            // OutOfMemoryError: "unable to create native thread". Handled here, not thrown:
            // the connection was dispatched, so the pipeline must not count it again.
            if (c.undispatched()) {
                hooks.statistics().connectionRejected();
                if (refused instanceof OutOfMemoryError) {
                    log.error("refusing {}: no connection thread could be started",
                            c.remoteAddress(), refused);
                } else if (!executor.isShutdown()) {
                    log.warn("refusing {}: no connection thread took it ({})", c.remoteAddress(),
                            refused.toString());
                }
            }
            c.close();
        }
    }

    /** A blocking handler's thread: the handler, then the close. */
    private record ServeBlocking(SocketConnection connection, ServerHooks hooks) implements Runnable {
        @Override
        public void run() {
            try {
                hooks.runBlocking(connection);
            } finally {
                connection.close();
            }
        }
    }

    @Override
    public void closeAll() {
        for (SocketConnection c : connections.snapshot()) {
            hooks.statistics().connectionForceClosed();
            c.closeNow(CloseReason.SERVER_CLOSE);
        }
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        acceptorReactor.shutdown();
        acceptorReactor.awaitTermination(timeout);
        executor.shutdown();
        if (connections.size() == 0) {
            executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Waits for the connection threads to end, at most {@code timeout}. */
    public boolean awaitThreads(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
