package org.socketserver4j.core.tls;

import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What every server engine of a context is set up with.
 *
 * @param protocols the protocols allowed (TLS 1.3 and 1.2 at most)
 * @param cipherSuites the cipher suites; empty: the JDK's defaults
 * @param clientAuth whether a client certificate is asked for
 * @param applicationProtocols ALPN's protocols, the server's preferred first; empty: no ALPN
 */
record HandshakeSettings(List<String> protocols, List<String> cipherSuites, ClientAuth clientAuth,
        List<String> applicationProtocols) {

    /** TLS 1.3 and 1.2, the JDK's suites, no client certificate, no ALPN. */
    static final HandshakeSettings DEFAULT = new HandshakeSettings(TlsContext.PROTOCOLS, List.of(),
            ClientAuth.NONE, List.of());

    HandshakeSettings {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        applicationProtocols = List.copyOf(applicationProtocols);
    }

    /** The settings {@code options} asks for. */
    static HandshakeSettings of(TlsOptions options) {
        return new HandshakeSettings(options.protocols(), options.cipherSuites(), options.clientAuth(),
                options.applicationProtocols());
    }

    /** Sets {@code engine} up as a server engine with these settings. */
    void configure(SSLEngine engine) {
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        List<String> supported = List.of(engine.getSupportedProtocols());
        parameters.setProtocols(protocols.stream().filter(supported::contains).toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        switch (clientAuth) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            case NONE -> parameters.setNeedClientAuth(false);
        }
        engine.setSSLParameters(parameters);
        if (!applicationProtocols.isEmpty()) {
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> choose(offered));
        }
    }

    /**
     * ALPN's choice: the first of the server's protocols the client offers; the empty string
     * (no protocol, the handshake goes on) when it offers none of them.
     */
    String choose(List<String> offered) {
        for (String protocol : applicationProtocols) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        return "";
    }
}
