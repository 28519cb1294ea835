package org.socketserver4j.core.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a handler may know of a connection's TLS session, the same on every server (a forked
 * child gets it from its parent, which keeps the session): the protocol and cipher suite, the
 * client's certificate chain when it presented one, the application protocol agreed by ALPN
 * and the server name the client asked for (SNI).
 *
 * @param protocol the protocol, such as {@code TLSv1.3}
 * @param cipherSuite the cipher suite
 * @param peerCertificates the client's chain, its own certificate first; empty when it sent none
 * @param applicationProtocol the protocol agreed by ALPN; empty when none was
 * @param serverName the host name the client asked for; empty when it sent none
 */
public record TlsSessionInfo(String protocol, String cipherSuite, List<X509Certificate> peerCertificates,
        Optional<String> applicationProtocol, Optional<String> serverName) {

    /** Checks and copies the values. */
    public TlsSessionInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerCertificates = List.copyOf(peerCertificates);
        Objects.requireNonNull(applicationProtocol, "applicationProtocol");
        Objects.requireNonNull(serverName, "serverName");
    }

    /** What {@code engine}'s session says, once its handshake is done. */
    public static TlsSessionInfo of(SSLEngine engine) {
        String serverName = null;
        if (engine.getSession() instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    serverName = host.getAsciiName();
                }
            }
        }
        return of(engine.getSession(), engine.getApplicationProtocol(), serverName);
    }

    /**
     * What {@code session} says, with the protocol ALPN agreed ({@code null} or empty: none)
     * and the server name asked for ({@code null}: none).
     */
    public static TlsSessionInfo of(SSLSession session, String applicationProtocol, String serverName) {
        List<X509Certificate> chain;
        try {
            chain = java.util.Arrays.stream(session.getPeerCertificates())
                    .filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (SSLPeerUnverifiedException none) {
            chain = List.of();
        }
        return new TlsSessionInfo(session.getProtocol(), session.getCipherSuite(), chain,
                Optional.ofNullable(applicationProtocol).filter(p -> !p.isEmpty()),
                Optional.ofNullable(serverName));
    }
}
