package org.socketserver4j.core.testing;

import java.net.SocketAddress;
import org.socketserver4j.core.handler.Connection;

/**
 * Pipeline hooks a test overrides on any server kind: {@link ServerKind#createHooked} makes a
 * server whose hooks call these. The defaults do what {@code BaseServer} does.
 */
public class Hooks {

    /** Makes default hooks. */
    public Hooks() {}

    /** See {@code BaseServer.handleError}. */
    public void handleError(Connection request, SocketAddress client, Throwable error) {}

    /** See {@code BaseServer.verifyRequest}. */
    public boolean verifyRequest(Connection request, SocketAddress client) {
        return true;
    }

    /** See {@code BaseServer.shutdownRequest}. */
    public void shutdownRequest(Connection request) {
        request.shutdownOutput();
        request.close();
    }

    /** See {@code BaseServer.handleTimeout}. */
    public void handleTimeout() {}
}
