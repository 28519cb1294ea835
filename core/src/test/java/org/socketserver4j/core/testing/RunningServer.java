package org.socketserver4j.core.testing;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.socketserver4j.core.BaseServer;

/**
 * A server serving on a thread of its own for the length of a test. {@link #close()} shuts
 * it down, closes it and joins the serving thread, so nothing outlives the test.
 */
public final class RunningServer implements AutoCloseable {

    private final BaseServer server;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private RunningServer(BaseServer server) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("serve-" + server.serverAddress()).unstarted(() -> {
            try {
                server.serveForever(Duration.ofMillis(100));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
    }

    /** Starts {@code server.serveForever} on a new thread. */
    public static RunningServer start(BaseServer server) {
        return new RunningServer(server);
    }

    /** The server. */
    public BaseServer server() {
        return server;
    }

    /** Its bound address. */
    public SocketAddress address() {
        return server.serverAddress();
    }

    /** The serving thread. */
    public Thread thread() {
        return thread;
    }

    /** What serveForever threw, if it did. */
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        server.shutdown();
        server.close();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while joining the serving thread", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("serveForever did not return after close()");
        }
    }
}
