package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.TestTls;
import org.socketserver4j.core.testing.TlsSessionHandlers;
import org.socketserver4j.core.testing.Transport;
import org.socketserver4j.core.tls.ClientAuth;
import org.socketserver4j.core.tls.SelfSignedCertificate;
import org.socketserver4j.core.tls.TlsOptions;

/**
 * Client certificates on every server: with {@code NEED}, a client with a trusted certificate
 * is served and its handler sees the chain; a client without one fails the handshake and is
 * never handed to the pipeline.
 */
class TlsClientCertificateTest {

    @TempDir
    static Path temp;

    private static SelfSignedCertificate serverCert;
    private static SelfSignedCertificate clientCert;

    /** Made once: keytool takes about a second each. */
    @BeforeAll
    static void certificates() throws IOException {
        serverCert = SelfSignedCertificate.generate(Files.createDirectory(temp.resolve("server")), "localhost");
        clientCert = SelfSignedCertificate.generate(Files.createDirectory(temp.resolve("client")), "client.example");
    }

    static Stream<Arguments> everyServerAndFamily() {
        List<Arguments> all = new ArrayList<>();
        for (ServerKind kind : TestTls.kinds()) {
            for (Family family : Family.values()) {
                all.add(Arguments.of(kind, family));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "client certificate {0} {1}")
    @MethodSource("everyServerAndFamily")
    void aClientsCertificateIsNeededAndSeenByTheHandler(ServerKind kind, Family family) throws Exception {
        BaseServer server = kind.create(Transport.TCP, HandlerFactory.of(family == Family.EVENT
                ? TlsSessionHandlers.Event.class : TlsSessionHandlers.Blocking.class), false);
        server.setTls(TlsOptions.pem(serverCert.certificate(), serverCert.privateKey())
                .withClientAuth(ClientAuth.NEED, clientCert.certificate()));
        server.serverBind();
        server.serverActivate();
        try (RunningServer running = RunningServer.start(server)) {
            int port = ((InetSocketAddress) running.address()).getPort();
            try (SSLSocket socket = (SSLSocket) TestTls.client(clientCert, serverCert.certificate()).getSocketFactory()
                    .createSocket("localhost", port);
                    LineClient client = LineClient.over(socket)) {
                assertThat(client.call("session")).endsWith(" 1");
            }
            assertThatThrownBy(() -> {
                try (SSLSocket anonymous = (SSLSocket) TestTls.client(null, serverCert.certificate()).getSocketFactory()
                        .createSocket("localhost", port);
                        LineClient client = LineClient.over(anonymous)) {
                    client.call("session");
                }
            }).isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().tls().handshakeFailures() == 1);
            assertThat(server.statistics().connections().accepted()).isEqualTo(1);
        }
    }
}
