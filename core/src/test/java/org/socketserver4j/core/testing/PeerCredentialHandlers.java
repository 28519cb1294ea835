package org.socketserver4j.core.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.StreamRequestHandler;

/**
 * Handlers that answer a connection's first byte with the peer's credentials, one line
 * {@code <user> <group>}, or {@code none}; public, so a forked child can make them.
 */
public final class PeerCredentialHandlers {

    private PeerCredentialHandlers() {}

    /** The line describing {@code connection}'s peer credentials. */
    static byte[] describe(Connection connection) {
        String text = connection.peerCredentials()
                .map(p -> p.user().getName() + " " + p.group().getName())
                .orElse("none");
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The blocking family: reads a line, answers, returns. */
    public static class Blocking extends StreamRequestHandler {
        /** Makes it. */
        public Blocking() {}

        @Override
        public void handle() throws Exception {
            rfile.readLine();
            wfile.write(describe(request));
        }
    }

    /** The event family: answers the first data, then closes. */
    public static class Event implements EventHandler {
        /** Makes it. */
        public Event() {}

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            data.position(data.limit());
            connection.write(describe(connection));
            connection.close();
        }
    }
}
