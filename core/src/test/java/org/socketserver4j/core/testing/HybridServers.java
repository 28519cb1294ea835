package org.socketserver4j.core.testing;

import java.io.IOException;
import java.net.SocketAddress;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.handler.HandlerFactory;

/** HybridServer as the suite runs it: two workers, whatever the machine's core count. */
final class HybridServers {

    private HybridServers() {}

    static HybridServer twoWorkers(SocketAddress address, HandlerFactory factory, boolean bind)
            throws IOException {
        HybridServer server = new HybridServer(address, factory, bind);
        server.setWorkers(2);
        return server;
    }
}
