package org.socketserver4j.core;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.socketserver4j.core.datagram.DatagramConcurrency;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.threading.ThreadingEngine;

/**
 * A thread per connection: socketserver's {@code ThreadingTCPServer}. Threads are virtual by
 * default; {@link #setPlatformThreads} switches to platform threads and
 * {@link #setMaxThreads} to a bounded pool of them. With a bounded pool, at most that many
 * connections are served at once: when every thread is busy, accepting pauses and the kernel
 * backlog holds further clients until a thread is free (nothing waits in an unbounded queue).
 * A thread is released as soon as its connection ends. Over UDP, a thread per datagram.
 */
public class ThreadingServer extends BaseServer {

    private boolean platformThreads;
    private boolean daemonThreads;
    private boolean blockOnClose = true;
    private int maxThreads;
    private ThreadFactory threadFactory;

    /** Binds {@code address} and serves it with handlers of {@code handlerClass}. */
    public ThreadingServer(SocketAddress address, Class<?> handlerClass) throws IOException {
        this(address, HandlerFactory.of(handlerClass), true);
    }

    /** Binds {@code address} and serves it with handlers from {@code factory}. */
    public ThreadingServer(SocketAddress address, HandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /**
     * Binds {@code address} and serves UDP on it with datagram handlers from {@code factory}
     * (socketserver's {@code ThreadingUDPServer}); see {@link #datagramConcurrency}.
     */
    public ThreadingServer(SocketAddress address, DatagramHandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /** A UDP server, binding now only if {@code bindAndActivate}. */
    public ThreadingServer(SocketAddress address, DatagramHandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, factory, bindAndActivate);
    }

    /**
     * Makes the server, binding now only if {@code bindAndActivate}; otherwise set options,
     * then call {@link #serverBind()} and {@link #serverActivate()}.
     */
    public ThreadingServer(SocketAddress address, HandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, factory, bindAndActivate);
    }

    /** Whether connections run on platform threads (default: virtual threads). */
    public boolean platformThreads() {
        return platformThreads;
    }

    /** Runs connections on platform threads instead of virtual ones. */
    public void setPlatformThreads(boolean on) {
        requireNotStarted("platformThreads");
        platformThreads = on;
    }

    /**
     * socketserver's {@code daemon_threads} (default false): whether platform connection
     * threads are daemons, which do not keep the JVM alive. Virtual threads always are.
     */
    public boolean daemonThreads() {
        return daemonThreads;
    }

    /** Sets whether platform connection threads are daemons. */
    public void setDaemonThreads(boolean on) {
        requireNotStarted("daemonThreads");
        daemonThreads = on;
    }

    /**
     * socketserver's {@code block_on_close} (default true): whether {@link #close()} waits
     * (up to the grace period) for connection threads and then closes what is left. When
     * false, close releases the listener and returns; running handlers finish on their own.
     */
    public boolean blockOnClose() {
        return blockOnClose;
    }

    /** Sets whether {@link #close()} waits for connection threads. */
    public void setBlockOnClose(boolean on) {
        blockOnClose = on;
    }

    /** The bounded pool size, or 0 (the default) for a new thread per connection. */
    public int maxThreads() {
        return maxThreads;
    }

    /**
     * Serves connections on a bounded pool of {@code n} platform threads (0: a new thread
     * per connection). At most {@code n} connections are open at once: when every thread is
     * busy, accepting pauses and the kernel backlog holds further clients. The pool's queue
     * is bounded at {@code n} (a connection waits in it only for the moment between its
     * predecessor's close and that thread's return to the pool); should it ever be full, the
     * connection is refused: closed at once and counted as rejected.
     */
    public void setMaxThreads(int n) {
        requireNotStarted("maxThreads");
        if (n < 0) {
            throw new IllegalArgumentException("maxThreads must be >= 0: " + n);
        }
        maxThreads = n;
    }

    /** Uses {@code factory} for connection threads, overriding the choices above. */
    public void setThreadFactory(ThreadFactory factory) {
        requireNotStarted("threadFactory");
        threadFactory = factory;
    }

    @Override
    protected EngineSettings engineSettings() {
        EngineSettings base = super.engineSettings();
        int limit = base.maxConnections();
        if (maxThreads > 0) {
            limit = limit == 0 ? maxThreads : Math.min(limit, maxThreads);
        }
        return base.withMaxConnections(limit);
    }

    /**
     * Over UDP (socketserver's {@code ThreadingUDPServer}): one reading loop hands every
     * datagram, event handlers' included, to a thread of its own, virtual by default. The
     * platform-thread and pool options apply: a datagram that finds a bounded pool full is
     * dropped and counted in {@code statistics().datagrams().rejected()}.
     */
    @Override
    protected DatagramConcurrency datagramConcurrency(EngineSettings settings) {
        return DatagramConcurrency.threadPerDatagram(connectionThreads(settings.name()));
    }

    @Override
    protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
        return new ThreadingEngine(settings, hooks, connectionThreads(settings.name()));
    }

    private Supplier<ExecutorService> connectionThreads(String name) {
        ThreadFactory factory = threadFactory != null ? threadFactory
                : platformThreads || maxThreads > 0
                        ? Thread.ofPlatform().name(name + "-conn-", 0).daemon(daemonThreads).factory()
                        : Thread.ofVirtual().name(name + "-conn-", 0).factory();
        int pool = maxThreads;
        return () -> pool > 0
                ? new ThreadPoolExecutor(pool, pool, 0, TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(pool), factory)
                : Executors.newThreadPerTaskExecutor(factory);
    }

    @Override
    protected void drain(Engine engine) throws InterruptedException {
        if (blockOnClose) {
            super.drain(engine);
        }
    }
}
