package org.socketserver4j.core.handler;

import java.nio.ByteBuffer;

/**
 * A non-blocking handler: the event family. The server makes one instance per connection
 * and calls it on the connection's I/O thread, one call at a time. A method must return
 * quickly and never block: a blocked call stalls every connection that thread serves. Work
 * that blocks belongs in a {@link RequestHandler}.
 *
 * <p>Callbacks never re-enter: a {@link Connection#write} or {@link Connection#close} made
 * inside a callback returns without calling the handler, and the {@link #onWritabilityChanged}
 * or {@link #onClose} it caused follows once the callback has returned. The same holds under
 * every server; on a thread per connection and in a forked child the callbacks, and the tasks
 * given to {@link Connection#execute}, run one at a time in the connection's lane.
 *
 * <p>An exception thrown by a method reaches the server's {@code handleError} and closes the
 * connection; the server and every other connection go on. An {@link Error} is not passed to
 * {@code handleError}: the connection is closed and the error is logged (on a reactor thread)
 * or rethrown (on a connection's own thread).
 */
public interface EventHandler {

    /** Called once when the connection is accepted, before any data. */
    default void onOpen(Connection connection) throws Exception {}

    /**
     * Called with bytes that arrived. The buffer belongs to the server and is valid only
     * during this call: consume it or copy what you keep.
     */
    void onData(Connection connection, ByteBuffer data) throws Exception;

    /**
     * Called when the peer has shut down its output (end of stream). The default closes the
     * connection once queued output is sent; override to keep writing on a half-closed
     * connection.
     */
    default void onInputClosed(Connection connection) throws Exception {
        connection.close();
    }

    /**
     * Called after {@link Connection#isWritable()} changed, with the state now. A change and
     * its reversal between two calls are still told, so two calls in a row may carry the same
     * value: a handler that paused because {@code isWritable()} was false always hears that
     * it is writable again.
     */
    default void onWritabilityChanged(Connection connection, boolean writable) throws Exception {}

    /** Called exactly once when the connection has closed, for whatever reason. */
    default void onClose(Connection connection) throws Exception {}
}
