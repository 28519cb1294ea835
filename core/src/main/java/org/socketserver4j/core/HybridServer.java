package org.socketserver4j.core;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.socketserver4j.core.datagram.DatagramConcurrency;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.reactor.Placement;
import org.socketserver4j.core.reactor.ReactorEngine;

/**
 * The multi-reactor server: one acceptor thread, N worker reactors (one per core by default)
 * that each own their connections for life, and a handler pool for blocking handlers (virtual
 * threads by default, or a bounded pool of platform threads). It is Doug Lea's "Scalable IO in
 * Java" main/sub reactors, Netty's boss and worker groups, behind socketserver's API: switch a
 * handler to it by changing the server class.
 *
 * <pre>{@code
 * try (var server = new HybridServer(new InetSocketAddress("127.0.0.1", 0), Echo.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <p><b>Blocking handlers and the JVM's carriers.</b> Each request reaches a blocking handler by
 * a hand-over from its reactor to the handler's virtual thread, run by the JDK's scheduler on a
 * carrier thread, one per core by default. The reactors keep cores busy too, so on a small
 * machine fewer carriers hand over with fewer wake-ups: on 2 cores
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} took a blocking echo handler from 15.5 to
 * 13.0-14.0 µs of CPU per request, at more requests per second. The property is the JVM's, read
 * before its first virtual thread, so a server cannot set it for itself: give it to the JVM
 * (half the cores is what the samples' {@code serve} uses).
 */
public class HybridServer extends BaseServer {

    private int workers = Runtime.getRuntime().availableProcessors();
    private Placement placement = Placement.ROUND_ROBIN;
    private int handlerThreads;
    private int handlerQueue;

    /** Binds {@code address} and serves it with handlers of {@code handlerClass}. */
    public HybridServer(SocketAddress address, Class<?> handlerClass) throws IOException {
        this(address, HandlerFactory.of(handlerClass), true);
    }

    /** Binds {@code address} and serves it with handlers from {@code factory}. */
    public HybridServer(SocketAddress address, HandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /**
     * Binds {@code address} and serves UDP on it with datagram handlers from {@code factory}
     * (socketserver's {@code UDPServer}); see {@link #datagramConcurrency}.
     */
    public HybridServer(SocketAddress address, DatagramHandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /** A UDP server, binding now only if {@code bindAndActivate}. */
    public HybridServer(SocketAddress address, DatagramHandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, factory, bindAndActivate);
    }

    /**
     * Makes the server, binding now only if {@code bindAndActivate}; otherwise set options,
     * then call {@link #serverBind()} and {@link #serverActivate()}.
     */
    public HybridServer(SocketAddress address, HandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, factory, bindAndActivate);
    }

    /** The number of worker reactors (default: the number of available processors). */
    public int workers() {
        return workers;
    }

    /** Sets the number of worker reactors, at least 1; before serving starts. */
    public void setWorkers(int workers) {
        requireNotStarted("workers");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1: " + workers);
        }
        this.workers = workers;
    }

    /** How a worker is picked for a new connection (default round-robin). */
    public Placement placement() {
        return placement;
    }

    /** Sets how a worker is picked for a new connection; before serving starts. */
    public void setPlacement(Placement placement) {
        requireNotStarted("placement");
        this.placement = Objects.requireNonNull(placement, "placement");
    }

    /**
     * Runs blocking handlers on a bounded pool of {@code threads} platform threads instead of
     * a virtual thread each, with a queue of {@code threads} connections waiting for a thread:
     * {@link #setHandlerThreads(int, int) setHandlerThreads(threads, threads)}.
     */
    public void setHandlerThreads(int threads) {
        setHandlerThreads(threads, threads);
    }

    /**
     * Runs blocking handlers on a bounded pool of {@code threads} platform threads instead of
     * a virtual thread each. A blocking handler holds its thread for its connection's life,
     * so up to {@code threads} connections are served at once and up to {@code queue} more
     * wait for a thread, accepted, their input held by TCP back-pressure.
     *
     * <p>When the pool is saturated ({@code threads + queue} connections open) accepting
     * pauses, as at {@link #setMaxConnections maxConnections} (the lower of the two applies),
     * and the kernel backlog holds further clients until a connection ends. The pool's queue
     * holds {@code queue + threads} tasks: the {@code threads} extra places absorb the moment
     * when a connection has closed (freeing its place under the limit) but its thread has not
     * yet returned to the pool. It is bounded all the same: should a connection still find it
     * full (connections that close while waiting leave their task queued until a thread
     * takes it), the connection is refused, closed at once and counted as {@linkplain
     * org.socketserver4j.core.stats.ServerStatistics#rejected() rejected}, with a warning at
     * most every 10 s. Event handlers do not use the pool and are not limited by it. Before
     * serving starts.
     *
     * @param threads handler threads, at least 1
     * @param queue connections that may wait for a thread, at least 0 (0: a connection
     *     waits only while a finished handler's thread returns to the pool)
     */
    public void setHandlerThreads(int threads, int queue) {
        requireNotStarted("handlerThreads");
        if (threads < 1) {
            throw new IllegalArgumentException("handler threads must be >= 1: " + threads);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("handler queue must be >= 0: " + queue);
        }
        String prefix = getClass().getSimpleName() + "-handler-";
        int places = (int) Math.min(Integer.MAX_VALUE, (long) queue + threads);
        super.setHandlerExecutor(() -> {
            BlockingQueue<Runnable> waiting = new ArrayBlockingQueue<>(places);
            return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, waiting,
                    Thread.ofPlatform().name(prefix, 0).daemon(true).factory());
        });
        handlerThreads = threads;
        handlerQueue = queue;
    }

    /**
     * {@inheritDoc} An executor given here replaces {@link #setHandlerThreads}: its own
     * policy when it cannot take a handler applies (a refusal closes the connection and
     * counts it as rejected).
     */
    @Override
    public void setHandlerExecutor(Supplier<ExecutorService> executor) {
        super.setHandlerExecutor(executor);
        handlerThreads = 0;
        handlerQueue = 0;
    }

    @Override
    protected EngineSettings engineSettings() {
        EngineSettings base = super.engineSettings();
        if (handlerThreads == 0 || !(handlerFactory() instanceof HandlerFactory.Blocking)) {
            return base;
        }
        int poolLimit = (int) Math.min(Integer.MAX_VALUE, (long) handlerThreads + handlerQueue);
        int limit = base.maxConnections() == 0 ? poolLimit : Math.min(base.maxConnections(), poolLimit);
        return base.withMaxConnections(limit);
    }

    /**
     * Open connections owned by each worker reactor, in worker order; empty before serving
     * starts.
     */
    public int[] connectionsPerWorker() {
        return engine() instanceof ReactorEngine reactors ? reactors.connectionsPerWorker() : new int[0];
    }

    /**
     * Over UDP: {@link #workers()} SO_REUSEPORT sockets bound to the one port, each read by a
     * worker loop of its own, where event handlers run; blocking handlers run on the handler
     * pool. The kernel spreads senders over the sockets by a hash of their address, so one
     * sender always reaches the same worker and many senders spread evenly. Set the workers
     * before binding (construct with {@code bindAndActivate = false}): the first socket needs
     * SO_REUSEPORT when there will be more than one.
     */
    @Override
    protected DatagramConcurrency datagramConcurrency(EngineSettings settings) {
        return DatagramConcurrency.workers(workers, settings.handlerExecutor());
    }

    @Override
    protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
        return new ReactorEngine(settings, hooks, workers, placement);
    }
}
