package org.socketserver4j.core.tls;

import java.nio.ByteBuffer;

/**
 * Where a {@link TlsTransport}'s ciphertext and staging buffers (a record each, about 16 KiB)
 * come from, and whether they go back when empty. A reactor lends buffers from a small pool of
 * its own and takes them back between reads and writes, so an idle TLS connection holds none;
 * a blocking transport keeps its own for the connection's life, as its thread blocks in a read
 * into one.
 */
public interface TlsBuffers {

    /** Each transport keeps the buffers it was given: for blocking transports. */
    TlsBuffers KEPT = new TlsBuffers() {
        @Override
        public ByteBuffer take(int capacity) {
            return ByteBuffer.allocate(capacity);
        }

        @Override
        public boolean give(ByteBuffer buffer) {
            return false;
        }
    };

    /** A cleared heap buffer of at least {@code capacity} bytes. */
    ByteBuffer take(int capacity);

    /**
     * Offers back an empty buffer the transport no longer needs; returns whether it was taken
     * (the transport then forgets it), or false when the transport should keep it.
     */
    boolean give(ByteBuffer buffer);
}
