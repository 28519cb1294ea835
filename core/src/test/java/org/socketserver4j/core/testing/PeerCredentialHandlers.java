package org.socketserver4j.core.testing;

import org.socketserver4j.core.handler.Connection;

/**
 * Handlers that answer a connection's first line with the peer's credentials, one line
 * {@code <user> <group>}, or {@code none}; public, so a forked child can make them.
 */
public final class PeerCredentialHandlers {

    private PeerCredentialHandlers() {}

    /** What the line says of {@code connection}'s peer credentials. */
    static String describe(Connection connection) {
        return connection.peerCredentials()
                .map(p -> p.user().getName() + " " + p.group().getName())
                .orElse("none");
    }

    /** The blocking family. */
    public static class Blocking extends DescribingHandlers.Blocking {
        /** Makes it. */
        public Blocking() {
            super(PeerCredentialHandlers::describe);
        }
    }

    /** The event family. */
    public static class Event extends DescribingHandlers.Event {
        /** Makes it. */
        public Event() {
            super(PeerCredentialHandlers::describe);
        }
    }
}
