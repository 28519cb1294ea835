package org.socketserver4j.core.testing;

import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.tls.TlsSessionInfo;

/**
 * Handlers that answer a connection's first line with its TLS session as the handler sees it
 * ({@code request.tlsSession()}, {@code connection.tlsSession()}), one line
 * {@code <protocol> <cipher suite> <server name> <ALPN protocol> <client certificates>}
 * ({@code -} for what is absent), or {@code none} on a plain connection; public, so a forked
 * child can make them.
 */
public final class TlsSessionHandlers {

    private TlsSessionHandlers() {}

    /** What the line says of {@code connection}'s TLS session. */
    static String describe(Connection connection) {
        return connection.tlsSession().map(TlsSessionHandlers::describe).orElse("none");
    }

    private static String describe(TlsSessionInfo session) {
        return String.join(" ", session.protocol(), session.cipherSuite(), session.serverName().orElse("-"),
                session.applicationProtocol().orElse("-"), String.valueOf(session.peerCertificates().size()));
    }

    /** The blocking family. */
    public static class Blocking extends DescribingHandlers.Blocking {
        /** Makes it. */
        public Blocking() {
            super(TlsSessionHandlers::describe);
        }
    }

    /** The event family. */
    public static class Event extends DescribingHandlers.Event {
        /** Makes it. */
        public Event() {
            super(TlsSessionHandlers::describe);
        }
    }
}
