package org.socketserver4j.core.tls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What a server's TLS connections are made with: an {@link SSLContext} holding the key
 * material, and the settings every handshake uses. A server given one ({@code setTls})
 * serves TLS on every connection, with no change to the handler.
 */
public final class TlsContext implements AutoCloseable {

    /** The handshake timeout unless set: 10 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** The protocols served: TLS 1.3 and 1.2 only. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext sslContext;
    private final Duration handshakeTimeout;
    private final List<String> applicationProtocols;

    private TlsContext(SSLContext sslContext, Duration handshakeTimeout, List<String> applicationProtocols) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        this.applicationProtocols = List.copyOf(applicationProtocols);
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }

    /** TLS with the key material of {@code sslContext}, TLS 1.2 and 1.3, and the default timeout. */
    public static TlsContext of(SSLContext sslContext) {
        return new TlsContext(sslContext, DEFAULT_HANDSHAKE_TIMEOUT, List.of());
    }

    /** This context with another handshake timeout. */
    public TlsContext withHandshakeTimeout(Duration timeout) {
        return new TlsContext(sslContext, timeout, applicationProtocols);
    }

    /**
     * This context offering {@code protocols} by ALPN, most preferred first: the server picks
     * the first of them the client offers; with none in common the handshake goes on without
     * one. Empty: no ALPN.
     */
    public TlsContext withApplicationProtocols(List<String> protocols) {
        return new TlsContext(sslContext, handshakeTimeout, protocols);
    }

    /** The protocols offered by ALPN; empty when none. */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** A server-side engine for one connection, with this context's settings. */
    public SSLEngine newEngine() {
        SSLEngine engine = sslContext.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS.stream()
                .filter(List.of(engine.getSupportedProtocols())::contains).toArray(String[]::new));
        engine.setSSLParameters(parameters);
        if (!applicationProtocols.isEmpty()) {
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> applicationProtocols.stream()
                    .filter(offered::contains).findFirst().orElse(null));
        }
        return engine;
    }

    /** How long a client has to finish its handshake before it is closed. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Releases what the context holds (a file watcher, when one was asked for). */
    @Override
    public void close() {
        // nothing held yet
    }
}
