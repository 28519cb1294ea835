package org.socketserver4j.core.handler;

import java.net.SocketAddress;

/**
 * A blocking handler: socketserver's {@code BaseRequestHandler}. The server makes one
 * instance per connection (through its public no-argument constructor, or a factory) and
 * runs {@link #setup()}, {@link #handle()} and {@link #finish()} on a thread of its own, where
 * blocking is fine. {@code finish()} runs even when {@code handle()} throws; when
 * {@code setup()} throws, neither {@code handle()} nor {@code finish()} runs.
 *
 * <p>An {@link Exception} thrown here reaches the server's {@code handleError} once; the
 * server and every other connection go on. An {@link Error} is not passed to
 * {@code handleError}: the connection is closed and the error propagates to the handler's
 * thread. After the handler, the server calls {@code shutdownRequest}: the client sees end of
 * stream.
 */
public abstract class RequestHandler {

    /** The connection being handled (socketserver's {@code self.request}). */
    protected Request request;

    /** The peer's address (socketserver's {@code self.client_address}). */
    protected SocketAddress clientAddress;

    /** The server running this handler (socketserver's {@code self.server}). */
    protected Server server;

    /** Makes a handler; the server gives it its request before {@link #setup()}. */
    protected RequestHandler() {}

    /**
     * Runs this handler for one request: socketserver's constructor. Called by the server;
     * exceptions propagate to it.
     *
     * @throws IllegalStateException if this handler already ran
     */
    public final void run(Request request, SocketAddress clientAddress, Server server)
            throws Exception {
        if (this.request != null) {
            throw new IllegalStateException("a handler instance serves one request only");
        }
        this.request = request;
        this.clientAddress = clientAddress;
        this.server = server;
        setup();
        try {
            handle();
        } finally {
            finish();
        }
    }

    /** Prepares for {@link #handle()}; the default does nothing. */
    public void setup() throws Exception {}

    /** Serves the request. */
    public abstract void handle() throws Exception;

    /** Cleans up after {@link #handle()}, even when it threw; the default does nothing. */
    public void finish() throws Exception {}
}
