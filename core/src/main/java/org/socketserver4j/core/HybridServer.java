package org.socketserver4j.core;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executors;
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
 */
public class HybridServer extends BaseServer {

    private int workers = Runtime.getRuntime().availableProcessors();
    private Placement placement = Placement.ROUND_ROBIN;

    /** Binds {@code address} and serves it with handlers of {@code handlerClass}. */
    public HybridServer(SocketAddress address, Class<?> handlerClass) throws IOException {
        this(address, HandlerFactory.of(handlerClass), true);
    }

    /** Binds {@code address} and serves it with handlers from {@code factory}. */
    public HybridServer(SocketAddress address, HandlerFactory factory) throws IOException {
        this(address, factory, true);
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
     * a virtual thread each. Connections beyond the pool wait for a thread, their input held
     * by TCP back-pressure. Before serving starts.
     */
    public void setHandlerThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("handler threads must be >= 1: " + threads);
        }
        String prefix = getClass().getSimpleName() + "-handler-";
        setHandlerExecutor(() -> Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name(prefix, 0).daemon(true).factory()));
    }

    /**
     * Open connections owned by each worker reactor, in worker order; empty before serving
     * starts.
     */
    public int[] connectionsPerWorker() {
        return engine() instanceof ReactorEngine reactors ? reactors.connectionsPerWorker() : new int[0];
    }

    @Override
    protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
        return new ReactorEngine(settings, hooks, workers, placement);
    }
}
