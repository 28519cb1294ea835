package org.socketserver4j.core.handler;

import java.nio.ByteBuffer;

/**
 * A non-blocking handler: the event family. The server makes one instance per connection
 * and calls it on the connection's I/O thread, one call at a time. A method must return
 * quickly and never block: a blocked call stalls every connection that thread serves. Work
 * that blocks belongs in a {@link RequestHandler}.
 *
 * <p>Callbacks can re-enter: on a reactor, {@link #onWritabilityChanged} may run inside a
 * {@link Connection#write} that crossed the high watermark (or whose flush went below the low
 * one), and {@link #onClose} inside a {@code write} or {@code close} that found the connection
 * broken. Keep state consistent before calling {@code write}, or guard against re-entry.
 * On a thread per connection or in a forked child, writes block instead: {@code isWritable()}
 * stays true while the connection is open and {@code onWritabilityChanged} is not called.
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

    /** Called when {@link Connection#isWritable()} changes. */
    default void onWritabilityChanged(Connection connection, boolean writable) throws Exception {}

    /** Called exactly once when the connection has closed, for whatever reason. */
    default void onClose(Connection connection) throws Exception {}
}
