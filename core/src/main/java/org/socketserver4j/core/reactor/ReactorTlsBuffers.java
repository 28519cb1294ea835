package org.socketserver4j.core.reactor;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.socketserver4j.core.loop.Reactor;
import org.socketserver4j.core.tls.TlsBuffers;

/**
 * A reactor's pool of TLS record buffers: its connections borrow one for a read or a write and
 * give it back once it is empty, so an idle TLS connection holds none and a busy reactor
 * allocates none. The pool belongs to the reactor's thread: elsewhere (a direct write from a
 * handler thread) a buffer is allocated and kept by the connection.
 */
final class ReactorTlsBuffers implements TlsBuffers {

    /** Buffers kept at most: beyond that, a burst's buffers are left to the collector. */
    private static final int MAX_POOLED = 64;

    private final Reactor reactor;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    ReactorTlsBuffers(Reactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public ByteBuffer take(int capacity) {
        if (reactor.inEventLoop()) {
            ByteBuffer pooled = free.pollLast();
            if (pooled != null && pooled.capacity() >= capacity) {
                return pooled.clear();
            }
        }
        return ByteBuffer.allocate(capacity);
    }

    /**
     * Taken back on the reactor's thread; elsewhere kept by the transport, so a connection
     * whose writes come from a handler thread does not allocate a record buffer per write.
     */
    @Override
    public boolean give(ByteBuffer buffer) {
        if (!reactor.inEventLoop()) {
            return false;
        }
        if (free.size() < MAX_POOLED) {
            free.addLast(buffer);
        }
        return true;
    }
}
