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
    private Reactor acceptorReactor;
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
    }

    @Override
    protected Reactor startReactors() throws IOException {
        executor = threads.get();
        acceptorReactor = new Reactor(settings.name() + "-accept", selectors,
                cause -> log.error("{}: the accepting reactor died ({}): the server no longer "
                        + "accepts connections (open ones are still served); close it",
                        settings.name(), cause.toString()));
        acceptorReactor.start();
        return acceptorReactor;
    }

    @Override
    protected void accepted(SocketChannel channel) throws IOException {
        configure(channel, true);
        SocketConnection[] self = new SocketConnection[1];
        self[0] = new SocketConnection(channel, hooks, settings,
                acceptorReactor::scheduleFromAnyThread, () -> closed(self[0]));
        track(self[0]);
        hooks.accepted(self[0]);
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
        Runnable serve = switch (hooks.handlerFactory()) {
            case HandlerFactory.Blocking blocking -> () -> hooks.runBlocking(c);
            case HandlerFactory.Event event -> {
                var handler = event.newHandler();
                yield () -> new BlockingEventLoop(c, handler, hooks).run();
            }
        };
        if (!c.dispatched()) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    serve.run();
                } finally {
                    c.close();
                }
            });
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
