package org.socketserver4j.core.datagram;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.socketserver4j.core.handler.Server;

/** What a {@link DatagramHandler} sees of one datagram: its sender and a way to reply. */
public interface DatagramContext {

    /** The sender's address. */
    SocketAddress sender();

    /** The server running the handler. */
    Server server();

    /**
     * Sends {@code reply} to the sender as one datagram, now, without blocking. An empty
     * buffer sends nothing. A reply the socket's send buffer cannot take is dropped and
     * counted in {@code DatagramStatistics.replyDrops()}, as UDP drops.
     *
     * @throws IOException if the reply cannot be sent (too large, socket closed)
     */
    void reply(ByteBuffer reply) throws IOException;
}
