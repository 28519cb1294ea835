package org.socketserver4j.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.ServerHooks;

/**
 * A server's life: the {@link ServerState} machine, the listening socket and the engine. It
 * binds, runs {@code serveForever} and {@code handleRequest} (one accepting thread at a time),
 * stops on {@code shutdown} and sequences {@code close}: stop accepting, wait for the
 * accepting thread to leave, drain, stop the engine, close the listener. The state only moves
 * forward; every change happens under one lock and wakes whoever waits on it.
 *
 * <p>It calls back into its {@link BaseServer} for the overridable parts: the engine
 * ({@code newEngine(engineSettings(), hooks)}), {@code serviceActions}, {@code handleTimeout},
 * {@code drain} and {@code serverClose}.
 */
final class ServerLifecycle {

    /** Logged under BaseServer's name, as before the split. */
    private static final Logger log = LoggerFactory.getLogger(BaseServer.class);
    private static final Duration ENGINE_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final BaseServer server;
    private final ServerHooks hooks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private volatile ServerState state = ServerState.NEW;
    private volatile SocketAddress boundAddress;
    private volatile Engine engine;
    private boolean accepting;
    private ServerSocketChannel listener;
    private DatagramChannel datagramListener;
    /** The socket file of a Unix-domain listener, or {@code null}. */
    private UnixSocketFile socketFile;

    /** The life of {@code server}, whose engine will be given {@code hooks}. */
    ServerLifecycle(BaseServer server, ServerHooks hooks) {
        this.server = server;
        this.hooks = hooks;
    }

    /** The state now. */
    ServerState state() {
        return state;
    }

    /** The address the listener is bound to, or {@code null} before binding. */
    SocketAddress boundAddress() {
        return boundAddress;
    }

    /** The engine, or {@code null} before serving first starts. */
    Engine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ binding

    /**
     * Opens the listener, applies the reuse options, binds it to {@code address} with the
     * options' backlog, and moves to {@code BOUND}.
     *
     * @throws IOException if the address cannot be bound; nothing is left open
     */
    void bind(SocketAddress address, ServerOptions options) throws IOException {
        lock.lock();
        try {
            if (state != ServerState.NEW) {
                throw new IllegalStateException("serverBind needs state " + ServerState.NEW
                        + ", not " + state);
            }
            if (server.servesDatagrams()) {
                datagramListener = server.bindDatagrams(address);
                boundAddress = datagramListener.getLocalAddress();
                state = ServerState.BOUND;
                return;
            }
            UnixSocketFile file = address instanceof UnixDomainSocketAddress unix
                    ? UnixSocketFile.prepare(unix) : null;
            ServerSocketChannel channel = ServerSocketChannel.open(protocolFamily(address));
            try {
                if (address instanceof InetSocketAddress) {
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.allowReuseAddress());
                    if (options.allowReusePort()) {
                        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                }
                channel.bind(address, options.backlog());
                if (file != null) {
                    socketFile = file;
                    file.bound(options.unixSocketPermissions());
                }
                boundAddress = channel.getLocalAddress();
            } catch (UnresolvedAddressException e) {
                channel.close();
                throw new UnknownHostException("cannot bind " + address
                        + ": the host name does not resolve");
            } catch (IOException | RuntimeException e) {
                channel.close();
                removeSocketFile();
                throw e;
            }
            listener = channel;
            state = ServerState.BOUND;
        } finally {
            lock.unlock();
        }
    }

    private static ProtocolFamily protocolFamily(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        if (address instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address) {
            return StandardProtocolFamily.INET;
        }
        return StandardProtocolFamily.INET6;
    }

    /**
     * Closes the listener, if one was opened, and removes its Unix socket file if it is still
     * the one bound; a failure is only logged.
     */
    void closeListener() {
        lock.lock();
        try {
            if (datagramListener != null) {
                try {
                    datagramListener.close();
                } catch (IOException e) {
                    log.debug("closing datagram socket", e);
                }
            }
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException e) {
                    log.debug("closing listener", e);
                }
            }
            removeSocketFile();
        } finally {
            lock.unlock();
        }
    }

    private void removeSocketFile() {
        if (socketFile != null) {
            socketFile.remove();
            socketFile = null;
        }
    }

    // ------------------------------------------------------------------ serving

    /**
     * Accepts until shutdown or close, calling {@code serviceActions} every
     * {@code pollNanos}; returns at once when already shut down. Shutdown wakes it at once.
     */
    void serveForever(long pollNanos) {
        Engine e = beginAccepting("serveForever");
        if (e == null) {
            return;
        }
        try {
            e.setAccepting(true);
            while (awaitStillServing(pollNanos)) {
                server.serviceActions();
            }
        } finally {
            e.setAccepting(false);
            endAccepting();
        }
    }

    /** Waits up to {@code nanos} for a state change; whether the server is still serving. */
    private boolean awaitStillServing(long nanos) {
        lock.lock();
        try {
            if (state != ServerState.SERVING) {
                return false;
            }
            changed.awaitNanos(nanos);
            return state == ServerState.SERVING;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeout} ({@code null}: for ever) for one connection and hands it
     * over; calls {@code handleTimeout} when none came and the server was not stopped.
     */
    void handleRequest(Duration timeout) {
        Engine e = beginAccepting("handleRequest");
        if (e == null) {
            return;
        }
        boolean handled;
        try {
            handled = e.acceptOne(timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            endAccepting();
        }
        if (!handled && state.compareTo(ServerState.STOPPED) < 0) {
            server.handleTimeout();
        }
    }

    /**
     * Claims the accepting thread's place and starts the engine on first use; returns it, or
     * {@code null} when the server was shut down.
     */
    private Engine beginAccepting(String caller) {
        lock.lock();
        try {
            switch (state) {
                case NEW -> throw new IllegalStateException(caller
                        + " before the server is bound: call serverBind() and serverActivate()");
                case STOPPED -> {
                    return null;
                }
                case DRAINING, CLOSED -> throw new IllegalStateException(caller + " on a closed server");
                default -> { }
            }
            if (accepting) {
                throw new IllegalStateException(caller + ": the server is already serving on another thread");
            }
            startEngine();
            accepting = true;
            if (caller.equals("serveForever")) {
                state = ServerState.SERVING;
            }
            return engine;
        } finally {
            lock.unlock();
        }
    }

    private void endAccepting() {
        lock.lock();
        try {
            accepting = false;
            if (state == ServerState.SERVING) {
                state = ServerState.STOPPED;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void startEngine() {
        if (engine != null) {
            return;
        }
        Engine fresh = datagramListener != null ? server.newDatagramEngine(datagramListener)
                : server.newEngine(server.engineSettings(), hooks);
        try {
            fresh.start(listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server's engine", e);
        }
        engine = fresh;
    }

    // ------------------------------------------------------------------ stopping

    /** Stops accepting for good and wakes {@code serveForever}; idempotent, never waits. */
    void shutdown() {
        lock.lock();
        try {
            if (state == ServerState.NEW || state == ServerState.BOUND || state == ServerState.SERVING) {
                state = ServerState.STOPPED;
            }
            if (engine != null && state == ServerState.STOPPED) {
                engine.setAccepting(false);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves to {@code DRAINING}, stops accepting, waits for the accepting thread to leave,
     * drains (through the server's {@code drain}), stops the engine, calls
     * {@code serverClose} and moves to {@code CLOSED}. A second caller waits for the first to
     * finish; after that it returns at once.
     */
    void close() {
        Engine e;
        lock.lock();
        try {
            while (state == ServerState.DRAINING) {
                changed.awaitUninterruptibly();
            }
            if (state == ServerState.CLOSED) {
                return;
            }
            state = ServerState.DRAINING;
            changed.signalAll();
            e = engine;
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        try {
            if (e != null) {
                interrupted = stopEngine(e);
            }
        } finally {
            server.serverClose();
            lock.lock();
            try {
                state = ServerState.CLOSED;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            log.debug("{} closed: {}", server, hooks.statistics());
        }
    }

    /** Stops accepting, drains and stops {@code e}; returns whether this thread was interrupted. */
    private boolean stopEngine(Engine e) {
        boolean interrupted = false;
        e.stopAccepting();
        try {
            awaitAcceptingEnded();
            server.drain(e);
        } catch (InterruptedException stopWaiting) {
            interrupted = true;
            e.closeAll();
        }
        try {
            e.stop(ENGINE_STOP_TIMEOUT);
        } catch (InterruptedException stopWaiting) {
            interrupted = true;
        }
        return interrupted;
    }

    private void awaitAcceptingEnded() throws InterruptedException {
        lock.lock();
        try {
            while (accepting) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ option guards

    /** Throws unless the listener is still unbound: for the socket options. */
    void requireUnbound(String option) {
        if (state != ServerState.NEW) {
            throw new IllegalStateException("set " + option
                    + " before binding: construct the server with bindAndActivate = false");
        }
    }

    /** Throws once serving has started: for options the engine reads when it starts. */
    void requireNotStarted(String option) {
        lock.lock();
        try {
            if (engine != null || state.compareTo(ServerState.SERVING) >= 0) {
                throw new IllegalStateException("set " + option + " before the server starts serving");
            }
        } finally {
            lock.unlock();
        }
    }
}
