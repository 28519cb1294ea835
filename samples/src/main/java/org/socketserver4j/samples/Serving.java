package org.socketserver4j.samples;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.socketserver4j.core.BaseServer;

/**
 * A server running {@code serveForever} on a thread of its own: what
 * {@link ServeCommand#start} returns. {@link #close()} stops it and releases everything;
 * {@link #await()} waits until something else does.
 */
public final class Serving implements AutoCloseable {

    private final BaseServer server;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Serving(BaseServer server) {
        this.server = Objects.requireNonNull(server, "server");
        this.thread = Thread.ofPlatform().name("serve-" + (server.serverAddress() instanceof InetSocketAddress inet
                ? String.valueOf(inet.getPort()) : String.valueOf(server.serverAddress()))).unstarted(this::serve);
    }

    /** Starts {@code server.serveForever()} on a new (non-daemon) thread. */
    public static Serving start(BaseServer server) {
        Serving serving = new Serving(server);
        serving.thread.start();
        return serving;
    }

    private void serve() {
        try {
            server.serveForever();
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** The server. */
    public BaseServer server() {
        return server;
    }

    /** The TCP address the server is bound to, with the real port (TCP servers only). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.serverAddress();
    }

    /** What {@code serveForever} threw, or {@code null}. */
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Waits until serving ends (after {@link #close()} or a failure), then closes the server.
     *
     * @throws IllegalStateException if {@code serveForever} failed; its cause is the failure
     * @throws InterruptedException if interrupted while waiting; the server goes on
     */
    public void await() throws InterruptedException {
        thread.join();
        server.close();
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("serving failed: " + t.getMessage(), t);
        }
    }

    /**
     * Stops serving and releases everything: stops accepting, lets open connections finish
     * within the server's grace period, closes the rest and waits for the serving thread.
     * Idempotent; safe from any thread.
     */
    @Override
    public void close() {
        server.shutdown();
        server.close();
        boolean interrupted = false;
        while (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
