package org.socketserver4j.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketserver4j.core.testing.InMemoryTls;

/**
 * What a context's engines do in a handshake driven in memory against a JDK client engine:
 * protocols, key types, SNI, ALPN, client certificates, cipher suites and keystores. Reload is in
 * {@link TlsReloadTest}.
 */
class TlsContextTest {

    @TempDir
    static Path certificates;

    static SelfSignedCertificate localhost;
    static SelfSignedCertificate api;
    static SelfSignedCertificate wildcard;
    static SelfSignedCertificate client;
    static SelfSignedCertificate rsa;
    static SelfSignedCertificate ed25519;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        localhost = SelfSignedCertificate.generate(certificates.resolve("localhost"), "localhost");
        api = SelfSignedCertificate.generate(certificates.resolve("api"), "api.example.com");
        wildcard = SelfSignedCertificate.generate(certificates.resolve("wildcard"), "wild.example.com");
        client = SelfSignedCertificate.generate(certificates.resolve("client"), "client");
        rsa = SelfSignedCertificate.generate(certificates.resolve("rsa"), List.of("-keyalg", "RSA"), "rsa.test");
        ed25519 = SelfSignedCertificate.generate(certificates.resolve("ed25519"), List.of("-keyalg", "Ed25519"),
                "ed25519.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientOfEitherProtocolShakesHandsAndTalks(String protocol) throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey()))) {
            SSLEngine clientEngine = clientEngine(null);
            clientEngine.setEnabledProtocols(new String[] {protocol});

            InMemoryTls pair = InMemoryTls.handshake(clientEngine, tls.newEngine());

            assertThat(clientEngine.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(peerName(clientEngine)).isEqualTo("CN=localhost");
            assertThat(pair.echo("hello")).isEqualTo("hello");
        }
    }

    @ParameterizedTest
    @CsvSource({"rsa, TLSv1.3", "rsa, TLSv1.2", "ed25519, TLSv1.3", "ed25519, TLSv1.2"})
    void rsaAndEd25519KeysServeToo(String keyKind, String protocol) throws Exception {
        SelfSignedCertificate files = keyKind.equals("rsa") ? rsa : ed25519;
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(files.certificate(), files.privateKey()))) {
            SSLEngine clientEngine = clientEngine(null);
            clientEngine.setEnabledProtocols(new String[] {protocol});

            InMemoryTls.handshake(clientEngine, tls.newEngine());

            assertThat(peerName(clientEngine)).isEqualTo("CN=" + keyKind + ".test");
        }
    }

    @Test
    void onlyTls13And12AreEnabledAndAnOlderClientIsRefused() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey()))) {
            assertThat(tls.newEngine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(tls.newEngine().getUseClientMode()).isFalse();

            SSLEngine server = tls.newEngine();
            ByteBuffer in = ByteBuffer.wrap(tls11ClientHello());
            ByteBuffer out = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
            assertThatThrownBy(() -> {
                server.unwrap(in, out);
                Runnable task;
                while ((task = server.getDelegatedTask()) != null) {
                    task.run();
                }
                server.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(server.getSession().getPacketBufferSize()));
            }).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("Client requested protocol TLSv1.1 is not enabled");

            // A JDK client of TLS 1.1 fails too, though its own JDK refuses the protocol first.
            SSLEngine old = clientEngine(null);
            old.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThatThrownBy(() -> InMemoryTls.handshake(old, tls.newEngine())).isInstanceOf(SSLException.class);
        }
    }

    /** A TLS 1.1 ClientHello, as an old client sends it: no supported_versions, two CBC suites. */
    private static byte[] tls11ClientHello() {
        byte[] body = new byte[2 + 32 + 1 + 2 + 4 + 2];
        int i = 0;
        body[i++] = 3;
        body[i++] = 2; // TLS 1.1
        i += 32; // random
        body[i++] = 0; // no session id
        body[i++] = 0;
        body[i++] = 4; // two suites
        body[i++] = (byte) 0xc0;
        body[i++] = 0x13; // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
        body[i++] = 0;
        body[i++] = 0x2f; // TLS_RSA_WITH_AES_128_CBC_SHA
        body[i++] = 1;
        body[i] = 0; // null compression
        byte[] record = new byte[5 + 4 + body.length];
        record[0] = 22; // handshake
        record[1] = 3;
        record[2] = 2;
        record[3] = 0;
        record[4] = (byte) (4 + body.length);
        record[5] = 1; // client_hello
        record[8] = (byte) body.length;
        System.arraycopy(body, 0, record, 9, body.length);
        return record;
    }

    @Test
    void withProtocolsLimitsThemAndRefusesOthers() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey())
                .withProtocols("TLSv1.3"))) {
            SSLEngine tls12 = clientEngine(null);
            tls12.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThatThrownBy(() -> InMemoryTls.handshake(tls12, tls.newEngine())).isInstanceOf(SSLException.class);
        }
        assertThatThrownBy(() -> TlsOptions.pem(localhost.certificate(), localhost.privateKey())
                .withProtocols("TLSv1.3", "TLSv1.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("protocol TLSv1.1 is not allowed: only TLSv1.3 and TLSv1.2 (older versions are broken"
                        + " and refused)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theCertificateIsChosenByTheServerNameTheClientAsksFor(String protocol) throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey())
                .withServerName("api.example.com", api.certificate(), api.privateKey())
                .withServerName("*.example.com", wildcard.certificate(), wildcard.privateKey())
                .withServerName("rsa.test", rsa.certificate(), rsa.privateKey()))) {
            assertThat(certificateFor(tls, protocol, "api.example.com")).isEqualTo("CN=api.example.com");
            assertThat(certificateFor(tls, protocol, "rsa.test")).as("an RSA key beside EC ones").isEqualTo("CN=rsa.test");
            assertThat(certificateFor(tls, protocol, "API.Example.COM")).isEqualTo("CN=api.example.com");
            assertThat(certificateFor(tls, protocol, "www.example.com")).isEqualTo("CN=wild.example.com");
            assertThat(certificateFor(tls, protocol, "a.b.example.com")).isEqualTo("CN=localhost");
            assertThat(certificateFor(tls, protocol, "example.com")).isEqualTo("CN=localhost");
            assertThat(certificateFor(tls, protocol, "other.test")).isEqualTo("CN=localhost");
            assertThat(certificateFor(tls, protocol, null)).isEqualTo("CN=localhost");
        }
    }

    private static String certificateFor(TlsContext tls, String protocol, String serverName) throws Exception {
        SSLEngine clientEngine = clientEngine(null);
        SSLParameters parameters = clientEngine.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        clientEngine.setSSLParameters(parameters);
        InMemoryTls.handshake(clientEngine, tls.newEngine());
        return peerName(clientEngine);
    }

    @Test
    void alpnChoosesTheFirstOfTheServersProtocolsTheClientOffers() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey())
                .withApplicationProtocols("http/1.1", "h2"))) {
            assertThat(agreed(tls, "h2", "http/1.1")).isEqualTo("http/1.1");
            assertThat(agreed(tls, "h2")).isEqualTo("h2");
            assertThat(agreed(tls, "spdy/3")).as("nothing in common: no protocol, the handshake goes on").isEmpty();
            assertThat(agreed(tls)).isEmpty();
        }
    }

    @Test
    void withoutAlpnNoProtocolIsAgreed() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey()))) {
            assertThat(agreed(tls, "http/1.1")).isEmpty();
        }
    }

    private static String agreed(TlsContext tls, String... offered) throws Exception {
        SSLEngine clientEngine = clientEngine(null);
        SSLParameters parameters = clientEngine.getSSLParameters();
        parameters.setApplicationProtocols(offered);
        clientEngine.setSSLParameters(parameters);
        SSLEngine server = tls.newEngine();
        InMemoryTls.handshake(clientEngine, server);
        assertThat(clientEngine.getApplicationProtocol()).isEqualTo(server.getApplicationProtocol());
        return server.getApplicationProtocol();
    }

    @Test
    void aNeededClientCertificateIsRequiredAndReachesTheServersSession() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey())
                .withClientAuth(ClientAuth.NEED, client.certificate()))) {
            assertThatThrownBy(() -> InMemoryTls.handshake(clientEngine(null), tls.newEngine()))
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("Empty client certificate chain");

            SSLEngine server = tls.newEngine();
            InMemoryTls pair = InMemoryTls.handshake(clientEngine(keyManagers(client)), server);
            assertThat(((X509Certificate) server.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName()).isEqualTo("CN=client");
            assertThat(TlsSessionInfo.of(server.getSession(), null, null).peerCertificates()).hasSize(1);
            assertThat(pair.echo("authenticated")).isEqualTo("authenticated");
        }
    }

    @Test
    void aWantedClientCertificateIsOptional() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey())
                .withClientAuth(ClientAuth.WANT, client.certificate()))) {
            SSLEngine anonymous = tls.newEngine();
            InMemoryTls.handshake(clientEngine(null), anonymous);
            assertThatThrownBy(() -> anonymous.getSession().getPeerCertificates())
                    .isInstanceOf(SSLPeerUnverifiedException.class);

            SSLEngine server = tls.newEngine();
            InMemoryTls.handshake(clientEngine(keyManagers(client)), server);
            assertThat(server.getSession().getPeerCertificates()).hasSize(1);
        }
    }

    @Test
    void cipherSuitesAreThoseSetAndAnUnknownOneFailsAtOpen() throws Exception {
        TlsOptions options = TlsOptions.pem(localhost.certificate(), localhost.privateKey());
        try (TlsContext tls = TlsContext.open(options.withCipherSuites("TLS_AES_256_GCM_SHA384"))) {
            SSLEngine clientEngine = clientEngine(null);
            InMemoryTls.handshake(clientEngine, tls.newEngine());
            assertThat(clientEngine.getSession().getCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
        }
        try (TlsContext tls = TlsContext.open(options)) {
            assertThat(tls.newEngine().getEnabledCipherSuites())
                    .containsExactly(SSLContext.getDefault().createSSLEngine().getEnabledCipherSuites());
        }
        assertThatThrownBy(() -> TlsContext.open(options.withCipherSuites("TLS_NO_SUCH_SUITE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cipher suite TLS_NO_SUCH_SUITE is not supported by this JDK");
    }

    @Test
    void aKeyStoreIsReadWithItsPasswordOrAPasswordFile() throws Exception {
        Path store = dir.resolve("server.p12");
        writeKeyStore(api, store, "secret".toCharArray());
        Path passwordFile = dir.resolve("password.txt");
        Files.writeString(passwordFile, "secret\n");

        for (TlsOptions options : List.of(TlsOptions.keyStore(store, "secret".toCharArray()),
                TlsOptions.keyStore(store, passwordFile))) {
            try (TlsContext tls = TlsContext.open(options)) {
                SSLEngine clientEngine = clientEngine(null);
                InMemoryTls.handshake(clientEngine, tls.newEngine());
                assertThat(peerName(clientEngine)).isEqualTo("CN=api.example.com");
            }
        }
        assertThatThrownBy(() -> TlsContext.open(TlsOptions.keyStore(store, "wrong".toCharArray())))
                .hasMessageStartingWith(store + ": cannot read the PKCS#12 keystore (wrong password");
    }

    @Test
    void openSaysWhichFileIsMissing() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TlsContext.open(TlsOptions.pem(missing, localhost.privateKey())))
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> TlsContext.open(TlsOptions.pem(localhost.certificate(), localhost.privateKey())
                .withClientAuth(ClientAuth.NEED, missing)))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aContextOfAnSslContextHasNothingToReload() throws Exception {
        TlsContext tls = TlsContext.of(SSLContext.getDefault());
        assertThat(tls.options()).isNull();
        assertThat(tls.reloadCount()).isZero();
        assertThatThrownBy(tls::reload).isInstanceOf(IllegalStateException.class);
    }

    /** A client engine trusting any server, presenting the certificate of {@code keyManagers} if any. */
    static SSLEngine clientEngine(KeyManager[] keyManagers) throws Exception {
        SSLEngine engine = InMemoryTls.trustingClient(keyManagers).createSSLEngine();
        engine.setUseClientMode(true);
        return engine;
    }

    /** The subject of the certificate the client was shown. */
    static String peerName(SSLEngine clientEngine) throws SSLPeerUnverifiedException {
        return ((X509Certificate) clientEngine.getSession().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }

    private static KeyManager[] keyManagers(SelfSignedCertificate files) throws Exception {
        char[] password = "client".toCharArray();
        KeyStore store = keyStore(files, password);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static void writeKeyStore(SelfSignedCertificate files, Path file, char[] password) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore(files, password).store(out, password);
        }
    }

    private static KeyStore keyStore(SelfSignedCertificate files, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", PemFiles.readPrivateKey(files.privateKey()), password,
                PemFiles.readCertificates(files.certificate()).toArray(X509Certificate[]::new));
        return store;
    }
}
