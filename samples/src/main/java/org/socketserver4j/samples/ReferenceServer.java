package org.socketserver4j.samples;

import java.net.InetSocketAddress;

/** A running Netty reference server of {@code compare}: its bound address, and a close that stops it. */
public interface ReferenceServer extends AutoCloseable {

    /** The bound address, with the real port. */
    InetSocketAddress address();

    /** Stops serving and releases everything. Idempotent. */
    @Override
    void close();
}
