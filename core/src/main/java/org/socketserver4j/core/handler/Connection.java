package org.socketserver4j.core.handler;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One client connection, as a handler sees it, whatever engine serves it.
 *
 * <p>Every method is safe to call from any thread. Writes never block: bytes that the socket
 * cannot take at once are queued in an outbound buffer. Its size is reported through
 * {@link #isWritable()} (false above the server's high watermark, true again below the low
 * one) and {@link EventHandler#onWritabilityChanged}: a handler that keeps writing while the
 * connection is not writable is the only way that buffer grows, and the server's write and
 * idle timeouts close a connection whose peer stops reading.
 */
public interface Connection {

    /** The address of the peer (socketserver's {@code client_address}). */
    SocketAddress remoteAddress();

    /** The local address of this connection. */
    SocketAddress localAddress();

    /** The server this connection belongs to. */
    Server server();

    /**
     * Queues the remaining bytes of {@code data} for sending and consumes them (its position
     * moves to its limit). The caller may reuse the buffer once this returns. Writing to a
     * closed connection drops the bytes; it is not an error.
     */
    void write(ByteBuffer data);

    /** Queues all of {@code data} for sending. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Whether the outbound buffer is below its high watermark (writes are welcome). */
    boolean isWritable();

    /** Stops reading from the peer until {@link #resumeReading()}; TCP back-pressure follows. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}. */
    void resumeReading();

    /** Sends what is queued, then half-closes: the peer sees end of stream, reading goes on. */
    void shutdownOutput();

    /** Sends what is queued, then closes the connection. Idempotent. */
    void close();

    /** Whether the connection is still open. */
    boolean isOpen();
}
