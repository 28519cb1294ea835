package org.socketserver4j.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.socketserver4j.core.tls.TlsContextTest.clientEngine;
import static org.socketserver4j.core.tls.TlsContextTest.peerName;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.BlockingLineHandler;
import org.socketserver4j.core.testing.InMemoryTls;

/**
 * Reload without restart: on request and on a change of the files (rewritten, or swapped by
 * symbolic links as certbot does), new handshakes get the new certificate, even a client
 * coming back with a session from before, while a connection already open goes on; a failed reload keeps the certificate in use. And the server's side:
 * {@code setTls(TlsOptions)}, {@code reloadTls} and closing what it opened.
 */
class TlsReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String WATCHER = "tls-file-watcher";

    @TempDir
    static Path certificates;

    static SelfSignedCertificate first;
    static SelfSignedCertificate second;

    @TempDir
    Path dir;

    private Path cert;
    private Path key;

    @BeforeAll
    static void makeCertificates() throws Exception {
        first = SelfSignedCertificate.generate(certificates.resolve("first"), "first.test");
        second = SelfSignedCertificate.generate(certificates.resolve("second"), "second.test");
    }

    @BeforeEach
    void installTheFirst() throws IOException {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        install(first);
    }

    private void install(SelfSignedCertificate files) throws IOException {
        Files.copy(files.privateKey(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(files.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void afterReloadNewHandshakesGetTheNewCertificateAndOpenConnectionsGoOn() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(cert, key))) {
            SSLEngine before = clientEngine(null);
            InMemoryTls open = InMemoryTls.handshake(before, tls.newEngine());
            assertThat(peerName(before)).isEqualTo("CN=first.test");

            install(second);
            tls.reload();

            assertThat(presented(tls)).isEqualTo("CN=second.test");
            assertThat(open.echo("still here")).isEqualTo("still here");
            assertThat(tls.reloadCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientComingBackWithASessionFromBeforeTheReloadIsShownTheNewCertificate(String protocol)
            throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(cert, key))) {
            SSLContext returning = InMemoryTls.trustingClient(null);
            assertThat(presented(tls, returning, protocol)).isEqualTo("CN=first.test");
            assertThat(presented(tls, returning, protocol)).isEqualTo("CN=first.test");

            install(second);
            tls.reload();

            assertThat(presented(tls, returning, protocol)).isEqualTo("CN=second.test");
        }
    }

    /** What a client of {@code context}, whose session cache it keeps, is shown for one host. */
    private static String presented(TlsContext tls, SSLContext context, String protocol) throws Exception {
        SSLEngine client = context.createSSLEngine("first.test", 443);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {protocol});
        InMemoryTls.handshake(client, tls.newEngine());
        return peerName(client);
    }

    @Test
    void aFailedReloadKeepsTheCertificateInUse() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(cert, key))) {
            Files.writeString(key, "not a key");
            assertThatThrownBy(tls::reload).isInstanceOf(IOException.class).hasMessageContaining(key.toString());

            Files.copy(second.privateKey(), key, StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(tls::reload).hasMessageContaining("does not match the certificate's public key");

            assertThat(presented(tls)).isEqualTo("CN=first.test");
            assertThat(tls.reloadCount()).isZero();
        }
    }

    @Test
    void withReloadOnChangeRewrittenFilesAreLoadedByThemselves() throws Exception {
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(cert, key).withReloadOnChange(true))) {
            assertThat(presented(tls)).isEqualTo("CN=first.test");

            install(second);

            await().atMost(WAIT).until(() -> presented(tls).equals("CN=second.test"));
            assertThat(tls.reloadCount()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> watchers() == 0);
    }

    @Test
    void withReloadOnChangeASymbolicLinkSwapAsCertbotMakesIsLoaded() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path live = Files.createDirectories(dir.resolve("live"));
        Files.copy(first.certificate(), archive.resolve("cert1.pem"));
        Files.copy(first.privateKey(), archive.resolve("privkey1.pem"));
        Files.copy(second.certificate(), archive.resolve("cert2.pem"));
        Files.copy(second.privateKey(), archive.resolve("privkey2.pem"));
        Files.createSymbolicLink(live.resolve("cert.pem"), Path.of("../archive/cert1.pem"));
        Files.createSymbolicLink(live.resolve("privkey.pem"), Path.of("../archive/privkey1.pem"));

        try (TlsContext tls = TlsContext.open(TlsOptions.pem(live.resolve("cert.pem"), live.resolve("privkey.pem"))
                .withReloadOnChange(true))) {
            assertThat(presented(tls)).isEqualTo("CN=first.test");

            swapLink(live.resolve("privkey.pem"), Path.of("../archive/privkey2.pem"));
            swapLink(live.resolve("cert.pem"), Path.of("../archive/cert2.pem"));

            await().atMost(WAIT).until(() -> presented(tls).equals("CN=second.test"));
        }
    }

    private static void swapLink(Path link, Path target) throws IOException {
        Path next = link.resolveSibling(link.getFileName() + ".next");
        Files.createSymbolicLink(next, target);
        Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aServerOpensItsTlsReloadsItAndClosesWhatItOpened() throws Exception {
        try (SelectServer server = new SelectServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(BlockingLineHandler.class))) {
            assertThatThrownBy(server::reloadTls).isInstanceOf(IllegalStateException.class)
                    .hasMessage("this server serves no TLS: setTls first");

            server.setTls(TlsOptions.pem(cert, key).withReloadOnChange(true));
            assertThat(watchers()).isEqualTo(1);
            install(second);
            server.reloadTls();
            assertThat(server.tls().reloadCount()).isEqualTo(1);
            assertThat(presented(server.tls())).isEqualTo("CN=second.test");
        }
        await().atMost(WAIT).until(() -> watchers() == 0);
    }

    @Test
    void aServerClosesTheContextItOpenedWhenAnotherReplacesIt() throws Exception {
        try (SelectServer server = new SelectServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(BlockingLineHandler.class))) {
            server.setTls(TlsOptions.pem(cert, key).withReloadOnChange(true));
            assertThat(watchers()).isEqualTo(1);

            server.setTls((TlsContext) null);

            await().atMost(WAIT).until(() -> watchers() == 0);
            assertThat(server.tls()).isNull();
        }
    }

    @Test
    void aServerLeavesOpenAContextItWasGivenAndFailsAtOnceOnABadFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        try (TlsContext tls = TlsContext.open(TlsOptions.pem(cert, key).withReloadOnChange(true))) {
            try (SelectServer server = new SelectServer(new InetSocketAddress("127.0.0.1", 0),
                    HandlerFactory.of(BlockingLineHandler.class))) {
                server.setTls(tls);
                assertThatThrownBy(() -> server.setTls(TlsOptions.pem(missing, key)))
                        .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
                assertThat(server.tls()).isSameAs(tls);
            }
            assertThat(watchers()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> watchers() == 0);
    }

    /** The subject of the certificate a new client is shown. */
    private static String presented(TlsContext tls) throws Exception {
        SSLEngine client = clientEngine(null);
        InMemoryTls.handshake(client, tls.newEngine());
        return peerName(client);
    }

    private static long watchers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(WATCHER) && thread.isAlive()).count();
    }
}
