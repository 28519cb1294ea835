package org.socketserver4j.core.datagram;

import java.net.SocketAddress;
import org.socketserver4j.core.handler.Server;

/** What the datagram engine asks of its server: the pipeline hooks that apply to datagrams. */
public interface DatagramHooks {

    /** The server as handlers see it. */
    Server server();

    /** The server's datagram counters. */
    DatagramStatistics statistics();

    /** Makes the handlers. */
    DatagramHandlerFactory handlerFactory();

    /** socketserver's {@code verify_request} for a datagram; false drops it (counted). */
    boolean verify(SocketAddress sender);

    /** Reports an exception (socketserver's {@code handle_error}); counted. */
    void handleError(SocketAddress sender, Throwable error);

    /** Records that a handler ran for {@code nanos}. */
    void handlerRan(long nanos);
}
