package org.socketserver4j.core.handler;

import java.net.SocketAddress;
import org.socketserver4j.core.stats.ServerStatistics;

/** What a handler sees of the server that runs it (socketserver's {@code self.server}). */
public interface Server {

    /** The address the server listens on, with the real port when it was bound to port 0. */
    SocketAddress serverAddress();

    /**
     * Stops serving: the running {@code serveForever} returns and no new connection is
     * accepted. Returns promptly, is idempotent and is safe from any thread, a handler's
     * included. Connections already accepted go on until they end or the server is closed.
     */
    void shutdown();

    /** Live counters of this server. */
    ServerStatistics statistics();
}
