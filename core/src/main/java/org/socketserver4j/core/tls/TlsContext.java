package org.socketserver4j.core.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * What a server's TLS connections are made with: an {@link SSLContext} holding the key
 * material, and the settings every handshake uses. A server given one ({@code setTls})
 * serves TLS on every connection, with no change to the handler.
 *
 * <p>{@link #open(TlsOptions)} reads PEM files or a PKCS#12 keystore and serves TLS 1.3 and
 * 1.2 only, choosing the certificate by the server name the client asks for (SNI). Its
 * certificates can be {@linkplain #reload() reloaded} without a restart: new handshakes use the
 * new ones, while open connections go on with theirs.
 *
 * <p>Renegotiation: TLS 1.3 has none. Under TLS 1.2 a client may ask for a new handshake on an
 * open connection; the engine driver closes any connection whose engine starts a handshake
 * after its first. The library sets no system property; to have the JDK refuse such requests
 * itself, start the JVM with {@code -Djdk.tls.rejectClientInitiatedRenegotiation=true}.
 */
public final class TlsContext implements AutoCloseable {

    /** The handshake timeout unless set: 10 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** The protocols served: TLS 1.3 and 1.2 only. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext sslContext;
    private final Duration handshakeTimeout;
    private final HandshakeSettings settings;
    /** The material read from files, or {@code null} for a context made {@link #of} an SSLContext. */
    private final FileKeyMaterial files;

    private TlsContext(SSLContext sslContext, Duration handshakeTimeout, HandshakeSettings settings,
            FileKeyMaterial files) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
        this.settings = settings;
        this.files = files;
    }

    /** TLS with the key material of {@code sslContext}, TLS 1.2 and 1.3, and the default timeout. */
    public static TlsContext of(SSLContext sslContext) {
        return new TlsContext(sslContext, DEFAULT_HANDSHAKE_TIMEOUT, HandshakeSettings.DEFAULT, null);
    }

    /**
     * Reads every file {@code options} names, checks each key against its certificate, and
     * starts watching the files if {@link TlsOptions#withReloadOnChange asked}.
     *
     * @throws IOException if a file is missing, unreadable or of the wrong kind, a password is
     *     wrong, or a key does not belong to its certificate; the message names the file
     * @throws IllegalArgumentException if a cipher suite set is not one this JDK supports
     */
    public static TlsContext open(TlsOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        SSLContext sslContext;
        try {
            sslContext = SSLContext.getInstance("TLS");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make a TLS context: " + e.getMessage(), e);
        }
        FileKeyMaterial files = FileKeyMaterial.open(options, () -> forgetSessions(sslContext));
        try {
            ClientTrust trust = files.clientTrust();
            sslContext.init(new KeyManager[] {files.keyManager()},
                    trust == null ? null : new TrustManager[] {trust}, null);
            checkCipherSuites(options.cipherSuites(), sslContext);
            files.watchIfAsked();
            return new TlsContext(sslContext, options.handshakeTimeout(), HandshakeSettings.of(options), files);
        } catch (GeneralSecurityException e) {
            files.close();
            throw new IOException("cannot make a TLS context: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    /**
     * Invalidates the sessions the server has cached, so that a client coming back with one
     * from before a reload does a full handshake and is shown the new certificate. Open
     * connections go on.
     */
    private static void forgetSessions(SSLContext sslContext) {
        SSLSessionContext sessions = sslContext.getServerSessionContext();
        for (byte[] id : Collections.list(sessions.getIds())) {
            SSLSession session = sessions.getSession(id);
            if (session != null) {
                session.invalidate();
            }
        }
    }

    private static void checkCipherSuites(List<String> suites, SSLContext sslContext) {
        List<String> supported = List.of(sslContext.getSupportedSSLParameters().getCipherSuites());
        for (String suite : suites) {
            if (!supported.contains(suite)) {
                throw new IllegalArgumentException("cipher suite " + suite + " is not supported by this JDK");
            }
        }
    }

    /** This context with another handshake timeout; it shares this one's key material and watcher. */
    public TlsContext withHandshakeTimeout(Duration timeout) {
        return new TlsContext(sslContext, timeout, settings, files);
    }

    /**
     * This context offering {@code protocols} by ALPN, most preferred first: the server picks
     * the first of them the client offers; with none in common the handshake goes on without
     * one. Empty: no ALPN. It shares this one's key material and watcher.
     */
    public TlsContext withApplicationProtocols(List<String> protocols) {
        return new TlsContext(sslContext, handshakeTimeout, new HandshakeSettings(settings.protocols(),
                settings.cipherSuites(), settings.clientAuth(), protocols), files);
    }

    /** The protocols offered by ALPN, most preferred first; empty when none. */
    public List<String> applicationProtocols() {
        return settings.applicationProtocols();
    }

    /**
     * A server-side engine for one connection, with this context's settings: TLS 1.3 and 1.2
     * (or those set), the cipher suites set (else the JDK's), the client certificate asked
     * for, and ALPN choosing the first of the server's protocols the client offers (none in
     * common: no protocol, the handshake goes on). The certificate is chosen during the
     * handshake, by the client's server name, from the material loaded last.
     */
    public SSLEngine newEngine() {
        SSLEngine engine = sslContext.createSSLEngine();
        settings.configure(engine);
        return engine;
    }

    /** How long a client has to finish its handshake before it is closed. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The options this context was opened with, or {@code null} if it was made {@link #of} an SSLContext. */
    public TlsOptions options() {
        return files == null ? null : files.options();
    }

    /**
     * Re-reads the certificate, key, keystore and CA files: handshakes that start afterwards
     * use the new certificates; connections already open, and handshakes under way, keep
     * theirs. Sessions cached before are invalidated, so a returning client is not resumed on
     * the old certificate. The {@link SSLContext} stays the same object. If a file cannot be
     * read or a key does not match, nothing changes and the error is thrown.
     *
     * @throws IOException if a file is missing or wrong; the material in use stays
     * @throws IllegalStateException if this context was made {@link #of} an SSLContext, with no files
     */
    public void reload() throws IOException {
        if (files == null) {
            throw new IllegalStateException("this TLS context was made of an SSLContext: it has no files to reload");
        }
        files.reload();
    }

    /** How many reloads have succeeded, on request or on a change; 0 for a context of an SSLContext. */
    public long reloadCount() {
        return files == null ? 0 : files.reloads();
    }

    /**
     * Releases what the context holds: stops the file watcher, if one was asked for (shared
     * with the contexts {@link #withHandshakeTimeout} made). Engines already made go on.
     * Idempotent.
     */
    @Override
    public void close() {
        if (files != null) {
            files.close();
        }
    }
}
