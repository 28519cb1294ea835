package org.socketserver4j.core.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link TlsContext#open} loads and how its handshakes go: the certificate files, by
 * server name if several, and the handshake settings. Immutable: each {@code withX} returns a
 * copy with one thing changed. Nothing is read until {@link TlsContext#open}.
 *
 * <pre>{@code
 * TlsOptions options = TlsOptions.pem(Path.of("fullchain.pem"), Path.of("privkey.pem"))
 *         .withApplicationProtocols("http/1.1")
 *         .withReloadOnChange(true);
 * }</pre>
 */
public final class TlsOptions {

    /** The protocols allowed: TLS 1.3 and 1.2. */
    public static final List<String> ALLOWED_PROTOCOLS = TlsContext.PROTOCOLS;

    private final KeySource defaultKey;
    private final Map<String, KeySource> serverNames;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final ClientAuth clientAuth;
    private final Path trustedCertificates;
    private final Duration handshakeTimeout;
    private final List<String> applicationProtocols;
    private final boolean reloadOnChange;

    private TlsOptions(KeySource defaultKey, Map<String, KeySource> serverNames, List<String> protocols,
            List<String> cipherSuites, ClientAuth clientAuth, Path trustedCertificates, Duration handshakeTimeout,
            List<String> applicationProtocols, boolean reloadOnChange) {
        this.defaultKey = defaultKey;
        this.serverNames = Collections.unmodifiableMap(new LinkedHashMap<>(serverNames));
        this.protocols = List.copyOf(protocols);
        this.cipherSuites = List.copyOf(cipherSuites);
        this.clientAuth = clientAuth;
        this.trustedCertificates = trustedCertificates;
        this.handshakeTimeout = handshakeTimeout;
        this.applicationProtocols = List.copyOf(applicationProtocols);
        this.reloadOnChange = reloadOnChange;
    }

    private static TlsOptions of(KeySource defaultKey) {
        return new TlsOptions(defaultKey, Map.of(), ALLOWED_PROTOCOLS, List.of(), ClientAuth.NONE, null,
                TlsContext.DEFAULT_HANDSHAKE_TIMEOUT, List.of(), false);
    }

    /**
     * The certificate chain in {@code certChain} (PEM, the server's certificate first: certbot's
     * {@code fullchain.pem}) with the unencrypted PKCS#8 key in {@code privateKey} (certbot's
     * {@code privkey.pem}), and the defaults: TLS 1.3 and 1.2, the JDK's cipher suites, no
     * client certificate, a 10 s handshake timeout, no ALPN, no reload on change.
     */
    public static TlsOptions pem(Path certChain, Path privateKey) {
        return of(new KeySource.Pem(certChain, privateKey));
    }

    /** The first private-key entry of the PKCS#12 keystore {@code pkcs12}; {@code password} is copied. */
    public static TlsOptions keyStore(Path pkcs12, char[] password) {
        return of(new KeySource.KeyStoreFile(pkcs12, Objects.requireNonNull(password, "password"), null));
    }

    /**
     * The first private-key entry of {@code pkcs12}, whose password is the content of
     * {@code passwordFile} (read at each load, a trailing line break stripped).
     */
    public static TlsOptions keyStore(Path pkcs12, Path passwordFile) {
        return of(new KeySource.KeyStoreFile(pkcs12, null, Objects.requireNonNull(passwordFile, "passwordFile")));
    }

    /**
     * Also serves {@code certChain} and {@code key} (PEM) to clients asking for
     * {@code hostOrWildcard} by SNI: an exact host name, or {@code *.example.com} for any one
     * label before {@code example.com}. Other clients get the default certificate.
     */
    public TlsOptions withServerName(String hostOrWildcard, Path certChain, Path key) {
        return withServerName(hostOrWildcard, new KeySource.Pem(certChain, key));
    }

    /** {@link #withServerName(String, Path, Path)} with a PKCS#12 keystore and its password. */
    public TlsOptions withServerNameKeyStore(String hostOrWildcard, Path pkcs12, char[] password) {
        return withServerName(hostOrWildcard,
                new KeySource.KeyStoreFile(pkcs12, Objects.requireNonNull(password, "password"), null));
    }

    private TlsOptions withServerName(String hostOrWildcard, KeySource source) {
        String name = ServerNames.normalise(hostOrWildcard);
        Map<String, KeySource> names = new LinkedHashMap<>(serverNames);
        names.put(name, source);
        return new TlsOptions(defaultKey, names, protocols, cipherSuites, clientAuth, trustedCertificates,
                handshakeTimeout, applicationProtocols, reloadOnChange);
    }

    /**
     * Only these protocols (default: TLSv1.3 and TLSv1.2).
     *
     * @throws IllegalArgumentException if one is not TLSv1.2 or TLSv1.3, or none is given
     */
    public TlsOptions withProtocols(String... protocols) {
        if (protocols.length == 0) {
            throw new IllegalArgumentException("at least one protocol: TLSv1.3 or TLSv1.2");
        }
        for (String protocol : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("protocol " + protocol + " is not allowed: only TLSv1.3 and"
                        + " TLSv1.2 (older versions are broken and refused)");
            }
        }
        return new TlsOptions(defaultKey, serverNames, List.of(protocols), cipherSuites, clientAuth,
                trustedCertificates, handshakeTimeout, applicationProtocols, reloadOnChange);
    }

    /** Only these cipher suites, by their JSSE names; none given: the JDK's defaults. */
    public TlsOptions withCipherSuites(String... suites) {
        return new TlsOptions(defaultKey, serverNames, protocols, List.of(suites), clientAuth,
                trustedCertificates, handshakeTimeout, applicationProtocols, reloadOnChange);
    }

    /**
     * Asks clients for a certificate ({@link ClientAuth#WANT}) or requires one
     * ({@link ClientAuth#NEED}) issued by a certificate authority in {@code trustedCaPem} (PEM,
     * one or more certificates); with {@link ClientAuth#NONE}, {@code trustedCaPem} may be
     * {@code null}. Handlers see the client's chain in the connection's TLS session.
     */
    public TlsOptions withClientAuth(ClientAuth clientAuth, Path trustedCaPem) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (clientAuth != ClientAuth.NONE && trustedCaPem == null) {
            throw new IllegalArgumentException("client auth " + clientAuth + " needs the trusted CA certificates");
        }
        return new TlsOptions(defaultKey, serverNames, protocols, cipherSuites, clientAuth,
                clientAuth == ClientAuth.NONE ? null : trustedCaPem, handshakeTimeout, applicationProtocols,
                reloadOnChange);
    }

    /** How long a client has to finish its handshake (default 10 s); must be positive. */
    public TlsOptions withHandshakeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + timeout);
        }
        return new TlsOptions(defaultKey, serverNames, protocols, cipherSuites, clientAuth,
                trustedCertificates, timeout, applicationProtocols, reloadOnChange);
    }

    /**
     * The application protocols offered by ALPN, in the server's order of preference: the
     * first the client also offers is chosen; when the client offers none of them, the
     * handshake goes on without one. None given (default): no ALPN.
     */
    public TlsOptions withApplicationProtocols(String... protocols) {
        for (String protocol : protocols) {
            if (protocol == null || protocol.isEmpty()) {
                throw new IllegalArgumentException("an application protocol must not be empty");
            }
        }
        return new TlsOptions(defaultKey, serverNames, this.protocols, cipherSuites, clientAuth,
                trustedCertificates, handshakeTimeout, List.of(protocols), reloadOnChange);
    }

    /**
     * Whether the context watches its files and reloads them when they change (default
     * {@code false}); see {@link TlsContext#reload()}.
     */
    public TlsOptions withReloadOnChange(boolean reload) {
        return new TlsOptions(defaultKey, serverNames, protocols, cipherSuites, clientAuth,
                trustedCertificates, handshakeTimeout, applicationProtocols, reload);
    }

    /** The protocols allowed. */
    public List<String> protocols() {
        return protocols;
    }

    /** The cipher suites set; empty: the JDK's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** Whether clients are asked for a certificate. */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** The PEM file of the authorities client certificates are checked against, or {@code null}. */
    public Path trustedCertificates() {
        return trustedCertificates;
    }

    /** How long a client has to finish its handshake. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The ALPN protocols, the server's preferred first; empty: no ALPN. */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** Whether the files are watched and reloaded when they change. */
    public boolean reloadOnChange() {
        return reloadOnChange;
    }

    /** The server names (exact or {@code *.} wildcards, lower case) given certificates of their own. */
    public Set<String> serverNames() {
        return serverNames.keySet();
    }

    /** Every file a load reads: the certificates, keys, keystores, password files and CA file. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>(defaultKey.files());
        serverNames.values().forEach(source -> files.addAll(source.files()));
        if (trustedCertificates != null) {
            files.add(trustedCertificates);
        }
        return List.copyOf(files);
    }

    KeySource defaultKey() {
        return defaultKey;
    }

    Map<String, KeySource> serverNameKeys() {
        return serverNames;
    }

    @Override
    public String toString() {
        return "TlsOptions[" + defaultKey + (serverNames.isEmpty() ? "" : ", server names "
                + serverNames.keySet()) + ", protocols " + protocols
                + (cipherSuites.isEmpty() ? "" : ", cipher suites " + cipherSuites)
                + (clientAuth == ClientAuth.NONE ? "" : ", client auth " + clientAuth.name().toLowerCase(Locale.ROOT)
                        + " by " + trustedCertificates)
                + ", handshake timeout " + handshakeTimeout
                + (applicationProtocols.isEmpty() ? "" : ", ALPN " + applicationProtocols)
                + (reloadOnChange ? ", reload on change" : "") + "]";
    }
}
