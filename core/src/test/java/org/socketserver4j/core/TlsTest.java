package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.ForkHandlers;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.TestTls;
import org.socketserver4j.core.testing.TlsSessionHandlers;
import org.socketserver4j.core.testing.Transport;

/** TLS below the handler on every server: plaintext to handlers, ciphertext on the wire. */
class TlsTest {

    static List<ServerKind> kinds() {
        return List.of(ServerKind.SELECT, ServerKind.HYBRID, ServerKind.FORKING);
    }

    static Stream<Arguments> everyServerAndFamily() {
        return kinds().stream().flatMap(kind -> Stream.of(Family.values()).map(family -> Arguments.of(kind, family)));
    }

    static Stream<Arguments> everyServerFamilyAndProtocol() {
        List<Arguments> all = new ArrayList<>();
        for (ServerKind kind : kinds()) {
            for (Family family : Family.values()) {
                for (String protocol : TestTls.protocols()) {
                    all.add(Arguments.of(kind, family, protocol));
                }
            }
        }
        return all.stream();
    }

    private static BaseServer tlsServer(ServerKind kind, Family family) throws IOException {
        return tlsServer(kind, family.lineHandler());
    }

    private static BaseServer tlsServer(ServerKind kind, HandlerFactory factory) throws IOException {
        BaseServer server = kind.create(Transport.TCP, factory, false);
        server.setTls(TestTls.server());
        server.serverBind();
        server.serverActivate();
        return server;
    }

    private static SSLSocket connect(RunningServer running, String protocol) throws IOException {
        InetSocketAddress address = (InetSocketAddress) running.address();
        SSLSocket socket = (SSLSocket) TestTls.client().getSocketFactory()
                .createSocket(address.getAddress(), address.getPort());
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setSoTimeout(10_000);
        return socket;
    }

    @ParameterizedTest(name = "echo {0} {1} {2}")
    @MethodSource("everyServerFamilyAndProtocol")
    void linesAreEchoedOverTls(ServerKind kind, Family family, String protocol) throws Exception {
        BaseServer server = tlsServer(kind, family);
        try (RunningServer running = RunningServer.start(server);
                SSLSocket socket = connect(running, protocol);
                LineClient client = LineClient.over(socket)) {
            assertThat(client.call("hello")).isEqualTo("hello");
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            for (int i = 0; i < 50; i++) {
                assertThat(client.call("line " + i)).isEqualTo("line " + i);
            }
            assertThat(client.call("quit")).isEqualTo("bye");
            assertThat(client.readLine()).isNull();
        }
        assertThat(server.statistics().tls().handshakes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "8 MiB {0} {1} {2}")
    @MethodSource("everyServerFamilyAndProtocol")
    void largeTransfersArriveIntactBothWays(ServerKind kind, Family family, String protocol) throws Exception {
        BaseServer server = tlsServer(kind, HandlerFactory.of(family == Family.EVENT
                ? ContractTest.LargeEchoEvent.class : ContractTest.LargeEchoBlocking.class));
        byte[] payload = new byte[8 << 20];
        new Random(7).nextBytes(payload);
        try (RunningServer running = RunningServer.start(server);
                SSLSocket socket = connect(running, protocol)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    out.write(payload);
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = in.readNBytes(payload.length);
            sending.join();
            assertThat(Arrays.equals(back, payload)).as("every byte echoed intact").isTrue();
        }
    }

    @ParameterizedTest(name = "plaintext client {0}")
    @MethodSource("kinds")
    void aPlaintextClientIsClosedAndNothingLeaks(ServerKind kind) throws Exception {
        BaseServer server = tlsServer(kind, Family.EVENT);
        try (RunningServer running = RunningServer.start(server);
                Socket plain = new Socket()) {
            plain.connect(running.address(), 5000);
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("hello in the clear\n".getBytes(StandardCharsets.UTF_8));
            byte[] answer = plain.getInputStream().readAllBytes(); // an alert at most, then the end
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("hello");
            assertThat(answer.length).as("a TLS alert record at most").isLessThanOrEqualTo(7);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().tls().handshakeFailures() == 1);
            assertThat(server.statistics().connections().accepted()).isZero();
            assertThat(server.statistics().childrenStarted()).as("no child started for it").isZero();
        }
    }

    @ParameterizedTest(name = "silent client {0}")
    @MethodSource("kinds")
    void aSilentClientIsClosedByTheHandshakeTimeout(ServerKind kind) throws Exception {
        BaseServer server = kind.create(Transport.TCP, Family.EVENT.lineHandler(), false);
        server.setTls(TestTls.server().withHandshakeTimeout(Duration.ofMillis(300)));
        server.serverBind();
        server.serverActivate();
        try (RunningServer running = RunningServer.start(server);
                Socket silent = new Socket()) {
            silent.connect(running.address(), 5000);
            silent.setSoTimeout(10_000);
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat(server.statistics().tls().handshakeTimeouts()).isEqualTo(1);
            assertThat(server.statistics().connections().accepted()).isZero();
            assertThat(server.statistics().childrenStarted()).as("no child started for it").isZero();
        }
    }

    @ParameterizedTest(name = "half-close {0}")
    @MethodSource("kinds")
    void aClientsCloseNotifyEndsTheHandlersInputAndItsAnswerStillComes(ServerKind kind) throws Exception {
        BaseServer server = tlsServer(kind, HandlerFactory.of(ForkHandlers.CountUntilEndOfStream.class));
        try (RunningServer running = RunningServer.start(server);
                SSLSocket socket = connect(running, "TLSv1.3");
                LineClient client = LineClient.over(socket)) {
            client.sendRaw(new byte[1000]);
            socket.shutdownOutput(); // TLS 1.3: a close_notify, and the input stays open
            assertThat(client.readLine()).isEqualTo("got 1000");
            assertThat(client.readLine()).as("the server's close_notify").isNull();
        }
    }

    @ParameterizedTest(name = "read timeout {0} {1}")
    @MethodSource("everyServerAndFamily")
    void theReadTimeoutClosesATlsClientThatSendsNothingMore(ServerKind kind, Family family) throws Exception {
        BaseServer server = kind.create(Transport.TCP, family.lineHandler(), false);
        server.setTls(TestTls.server());
        server.setIdleTimeout(Duration.ZERO);
        server.setReadTimeout(kind.timeout(Duration.ofMillis(300)));
        server.serverBind();
        server.serverActivate();
        try (RunningServer running = RunningServer.start(server);
                SSLSocket socket = connect(running, "TLSv1.3");
                LineClient client = LineClient.over(socket)) {
            assertThat(client.call("hello")).isEqualTo("hello");
            await().atMost(Duration.ofSeconds(10)).until(client::atEndOfStream);
            assertThat(server.statistics().timedOut()).isEqualTo(1);
            assertThat(server.statistics().tls().handshakeTimeouts()).isZero();
        }
    }

    @ParameterizedTest(name = "session {0} {1}")
    @MethodSource("everyServerAndFamily")
    void theHandlerSeesTheTlsSession(ServerKind kind, Family family) throws Exception {
        BaseServer server = tlsServer(kind, HandlerFactory.of(family == Family.EVENT
                ? TlsSessionHandlers.Event.class : TlsSessionHandlers.Blocking.class));
        try (RunningServer running = RunningServer.start(server);
                SSLSocket socket = connect(running, "TLSv1.3")) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName("localhost")));
            socket.setSSLParameters(parameters);
            try (LineClient client = LineClient.over(socket)) {
                assertThat(client.call("session"))
                        .isEqualTo("TLSv1.3 " + socket.getSession().getCipherSuite() + " localhost - 0");
                assertThat(client.readLine()).isNull();
            }
        }
    }
}
