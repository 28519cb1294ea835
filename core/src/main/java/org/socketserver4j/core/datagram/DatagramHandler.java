package org.socketserver4j.core.datagram;

import java.nio.ByteBuffer;

/**
 * An event-style datagram handler: called once per datagram with its bytes. On SelectServer
 * and HybridServer it runs on the reading thread and must not block; on ThreadingServer it
 * runs on the datagram's own thread. The server makes one instance per datagram, as for the
 * blocking family. An exception reaches the server's {@code handleError}.
 */
@FunctionalInterface
public interface DatagramHandler {

    /**
     * Handles one datagram.
     *
     * @param ctx the sender, the server, and {@link DatagramContext#reply} to answer
     * @param data the datagram, read-only, valid for this call only
     */
    void onDatagram(DatagramContext ctx, ByteBuffer data) throws Exception;
}
