package org.socketserver4j.core.loop;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.ChannelOptions;
import org.socketserver4j.core.engine.ConnectionTracker;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;

/**
 * What every engine shares: an {@link Acceptor} on a reactor, and the registry of open
 * connections that graceful close waits on. Subclasses say which reactor accepts, what a
 * connection is, and how it is served.
 *
 * @param <C> the engine's connection type
 */
public abstract class AcceptorEngine<C extends Connection> implements Engine {

    private static final Logger log = LoggerFactory.getLogger(AcceptorEngine.class);
    private static final long STOP_ACCEPTING_WAIT_SECONDS = 5;

    /** The settings this engine runs with. */
    protected final EngineSettings settings;
    /** The server's side of the pipeline. */
    protected final ServerHooks hooks;
    /** The open connections. */
    protected final ConnectionTracker<C> connections = new ConnectionTracker<>();

    private Acceptor acceptor;
    private AddressLimiter perAddress;

    /** Makes an engine with {@code settings} serving through {@code hooks}. */
    protected AcceptorEngine(EngineSettings settings, ServerHooks hooks) {
        this.settings = settings;
        this.hooks = hooks;
    }

    /** Starts the engine's reactors and returns the one that accepts. */
    protected abstract Reactor startReactors() throws IOException;

    /**
     * Takes a freshly accepted channel: make the connection, {@link #track} it and pass it to
     * {@link ServerHooks#accepted}. Runs on the accepting reactor.
     */
    protected abstract void accepted(SocketChannel channel) throws IOException;

    @Override
    public final void start(ServerSocketChannel listener) throws IOException {
        perAddress = new AddressLimiter(settings.maxConnectionsPerAddress());
        Reactor reactor = startReactors();
        acceptor = new Acceptor(reactor, listener, settings.maxConnections(),
                hooks.statistics(), this::acceptedSafely);
        acceptor.start();
    }

    /**
     * Hands a new channel to the engine. Every way out is counted once: over the per-address
     * limit it is accepted and rejected here; otherwise the server's pipeline counts it
     * accepted and later rejected or closed. A channel that fails before it reaches the
     * pipeline (the peer reset it at once, or no worker is left) is closed uncounted and its
     * places given back.
     */
    private void acceptedSafely(SocketChannel channel) {
        SocketAddress peer = null;
        boolean placeTaken = false;
        try {
            peer = channel.getRemoteAddress();
            if (!perAddress.tryAcquire(peer)) {
                hooks.statistics().connectionAccepted();
                hooks.statistics().connectionRejected();
                log.debug("refusing {}: over {} connections from its address", peer,
                        settings.maxConnectionsPerAddress());
                channel.close();
                acceptor.release();
                return;
            }
            placeTaken = true;
            accepted(channel);
        } catch (IOException | RuntimeException e) {
            if (channel.isOpen() && !(e instanceof java.nio.channels.ClosedChannelException)) {
                log.warn("dropping a connection from {} that failed as it was accepted: {}",
                        peer, e.toString());
            } else {
                log.debug("dropping a connection that closed as it was accepted: {}", e.toString());
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
            if (placeTaken) {
                perAddress.release(peer);
            }
            acceptor.release();
        }
    }

    /** Puts an accepted channel in the mode the engine serves it in, with the server's options. */
    protected final void configure(SocketChannel channel, boolean blocking) throws IOException {
        channel.configureBlocking(blocking);
        if (settings.tcpNoDelay()) {
            ChannelOptions.setIfSupported(channel, StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    /** Records {@code connection} as open. */
    protected final void track(C connection) {
        connections.add(connection);
    }

    /** The close path of every connection ends here: forget it and free its place. */
    protected final void closed(C connection) {
        connections.remove(connection);
        perAddress.release(connection.remoteAddress());
        acceptor.release();
    }

    @Override
    public void setAccepting(boolean accepting) {
        acceptor.setAccepting(accepting);
    }

    @Override
    public boolean acceptOne(Duration timeout) throws InterruptedException {
        CompletableFuture<Boolean> done = acceptor.acceptOne();
        try {
            return timeout == null ? done.get() : done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (done.complete(false)) {
                acceptor.setAccepting(false);
            }
            return done.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("accept failed", e.getCause());
        }
    }

    /**
     * Closes the listener on the accepting reactor and waits (at most a few seconds, in case
     * that reactor is wedged) until it has: once this returns, every connection accepted is
     * tracked, so graceful close sees all of them.
     */
    @Override
    public void stopAccepting() {
        try {
            acceptor.close().get(STOP_ACCEPTING_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("the accepting reactor did not close the listener in time: {}", e.toString());
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return connections.awaitEmpty(timeout);
    }

    /** Connections accepted and still open. */
    public int openConnections() {
        return connections.size();
    }
}
