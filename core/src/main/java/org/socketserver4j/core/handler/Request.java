package org.socketserver4j.core.handler;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The blocking view of a connection: socketserver's {@code request}, given to a
 * {@link RequestHandler}. Its streams block the calling thread, never an I/O thread.
 */
public interface Request extends Connection {

    /**
     * The bytes from the peer. A read blocks until data arrives, returns -1 at end of stream
     * and throws {@link java.net.SocketTimeoutException} after the read timeout.
     */
    InputStream inputStream();

    /**
     * The bytes to the peer, unbuffered: every write is handed to the connection at once,
     * straight to the transport when nothing is queued. A write blocks while the connection's
     * queued output is above its high watermark, and is woken by the write that made room.
     */
    OutputStream outputStream();

    /**
     * Sets how long a read may wait for data before it throws
     * {@link java.net.SocketTimeoutException} (socketserver's {@code timeout}); {@code null} or
     * zero: no limit of its own. The server's idle timeout applies either way.
     */
    void setReadTimeout(Duration timeout);

    /**
     * Sets TCP_NODELAY (disables Nagle's algorithm) where the transport has it; a no-op on a
     * Unix-domain connection, which has no Nagle's algorithm.
     */
    void setNoDelay(boolean on);
}
