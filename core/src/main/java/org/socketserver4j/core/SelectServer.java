package org.socketserver4j.core;

import java.io.IOException;
import java.net.SocketAddress;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.reactor.Placement;
import org.socketserver4j.core.reactor.ReactorEngine;

/**
 * One selector thread accepts and does all I/O. Event handlers run on that thread; blocking
 * handlers run on the handler pool (virtual threads by default) over bounded queues, so a
 * client that never reads cannot grow the heap.
 *
 * <pre>{@code
 * try (var server = new SelectServer(new InetSocketAddress("127.0.0.1", 0), Echo.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 */
public class SelectServer extends BaseServer {

    /** Binds {@code address} and serves it with handlers of {@code handlerClass}. */
    public SelectServer(SocketAddress address, Class<?> handlerClass) throws IOException {
        this(address, HandlerFactory.of(handlerClass), true);
    }

    /** Binds {@code address} and serves it with handlers from {@code factory}. */
    public SelectServer(SocketAddress address, HandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /**
     * Binds {@code address} and serves UDP on it with datagram handlers from {@code factory}
     * (socketserver's {@code UDPServer}); see {@link #datagramConcurrency}.
     */
    public SelectServer(SocketAddress address, DatagramHandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /** A UDP server, binding now only if {@code bindAndActivate}. */
    public SelectServer(SocketAddress address, DatagramHandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, factory, bindAndActivate);
    }

    /**
     * Makes the server, binding now only if {@code bindAndActivate}; otherwise set options,
     * then call {@link #serverBind()} and {@link #serverActivate()}.
     */
    public SelectServer(SocketAddress address, HandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, factory, bindAndActivate);
    }

    @Override
    protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
        return new ReactorEngine(settings, hooks, 0, Placement.ROUND_ROBIN);
    }
}
