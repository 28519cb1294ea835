package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        return TestTls.kinds();
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
        return TestTls.bound(kind, Transport.TCP, factory);
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
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().tls().handshakeTimeouts() == 1);
            assertThat(server.statistics().connections().accepted()).isZero();
            assertThat(server.statistics().childrenStarted()).as("no child started for it").isZero();
        }
    }

    // ---------------------------------------------------------------- clients nobody here wrote

    private static boolean hasOpenssl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code openssl s_client} against the server with {@code input}; returns exit status and output. */
    private static ProcessResult sClient(RunningServer running, String input, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client"));
        if (running.address() instanceof java.net.UnixDomainSocketAddress unix) {
            command.addAll(List.of("-unix", unix.getPath().toString()));
        } else {
            command.addAll(List.of("-connect", "127.0.0.1:" + ((InetSocketAddress) running.address()).getPort()));
        }
        command.addAll(List.of("-servername", "localhost", "-quiet"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("s_client ended").isTrue();
            return new ProcessResult(process.exitValue(), output.get(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
    }

    private record ProcessResult(int status, String output) {}

    @ParameterizedTest(name = "openssl s_client {0} {1}")
    @MethodSource("everyServerAndFamily")
    void opensslSClientIsEchoedAndVerifiesTheCertificate(ServerKind kind, Family family) throws Exception {
        assumeTrue(hasOpenssl(), "openssl is not installed (./run test installs it)");
        BaseServer server = tlsServer(kind, family);
        try (RunningServer running = RunningServer.start(server)) {
            ProcessResult result = sClient(running, "hello over tls\nquit\n",
                    "-CAfile", TestTls.certificatePem().toString(), "-verify_return_error");
            assertThat(result.output()).contains("hello over tls\nbye\n");
            assertThat(result.status()).as(result.output()).isZero();
        }
    }

    @ParameterizedTest(name = "openssl s_client over a Unix socket {0} {1}")
    @MethodSource("everyServerAndFamily")
    void opensslSClientOverAUnixSocketIsEchoed(ServerKind kind, Family family) throws Exception {
        assumeTrue(hasOpenssl(), "openssl is not installed (./run test installs it)");
        BaseServer server = TestTls.bound(kind, Transport.UNIX, family.lineHandler());
        try (RunningServer running = RunningServer.start(server)) {
            ProcessResult result = sClient(running, "hello over a unix socket\nquit\n",
                    "-CAfile", TestTls.certificatePem().toString(), "-verify_return_error");
            assertThat(result.output()).contains("hello over a unix socket\nbye\n");
            assertThat(result.status()).as(result.output()).isZero();
            assertThat(server.statistics().tls().handshakes()).isEqualTo(1);
        }
    }

    /**
     * {@code openssl s_client} driven a line at a time, so its command letters work ({@code K}:
     * a TLS 1.3 key update that asks for one back; {@code R}: a TLS 1.2 renegotiation).
     */
    private static final class InteractiveSClient implements AutoCloseable {
        private final Process process;
        private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();

        InteractiveSClient(RunningServer running, String protocol) throws IOException {
            int port = ((InetSocketAddress) running.address()).getPort();
            process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, protocol,
                    "-servername", "localhost", "-CAfile", TestTls.certificatePem().toString())
                    .redirectErrorStream(true).start();
            Thread.ofVirtual().start(() -> {
                try (java.io.BufferedReader out = process.inputReader()) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone
                } finally {
                    lines.add("<end>");
                }
            });
        }

        /** Sends {@code line}; once s_client has ended (the server closed), there is no one to send it to. */
        void send(String line) throws IOException {
            try {
                process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (IOException e) {
                try {
                    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw e; // the pipe broke but s_client goes on: a real failure
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }

        /** Waits for a line that contains {@code text}; returns whether it came before the output ended. */
        boolean await(String text) throws InterruptedException {
            while (true) {
                String line = lines.poll(20, java.util.concurrent.TimeUnit.SECONDS);
                if (line == null || line.equals("<end>")) {
                    return false;
                }
                if (line.contains(text)) {
                    return true;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "TLS 1.3 key update {0}")
    @MethodSource("kinds")
    void aTls13KeyUpdateIsAnsweredAndTheConnectionGoesOn(ServerKind kind) throws Exception {
        assumeTrue(hasOpenssl(), "openssl is not installed (./run test installs it)");
        BaseServer server = tlsServer(kind, Family.EVENT);
        try (RunningServer running = RunningServer.start(server);
                InteractiveSClient client = new InteractiveSClient(running, "-tls1_3")) {
            client.send("before the update");
            assertThat(client.await("before the update")).isTrue();
            client.send("K"); // KeyUpdate, update_requested: the server must answer with its own
            assertThat(client.await("KEYUPDATE")).isTrue();
            client.send("after the update");
            assertThat(client.await("after the update")).as("echoed under the new keys").isTrue();
        }
    }

    @ParameterizedTest(name = "TLS 1.2 renegotiation refused {0}")
    @MethodSource("kinds")
    void aTls12RenegotiationIsRefusedAndTheServerGoesOn(ServerKind kind) throws Exception {
        assumeTrue(hasOpenssl(), "openssl is not installed (./run test installs it)");
        BaseServer server = tlsServer(kind, Family.EVENT);
        try (RunningServer running = RunningServer.start(server)) {
            try (InteractiveSClient client = new InteractiveSClient(running, "-tls1_2")) {
                client.send("before");
                assertThat(client.await("before")).isTrue();
                client.send("R");
                client.send("after");
                assertThat(client.await("after")).as("nothing is echoed once it renegotiates").isFalse();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().closed() == 1);
            try (SSLSocket socket = connect(running, "TLSv1.2"); LineClient client = LineClient.over(socket)) {
                assertThat(client.call("still here")).isEqualTo("still here");
            }
        }
    }

    static Stream<Arguments> everyServerAndFamily() {
        return kinds().stream().flatMap(kind -> Stream.of(Family.values()).map(family -> Arguments.of(kind, family)));
    }

    @ParameterizedTest(name = "TLS 1.0 and 1.1 refused {0}")
    @MethodSource("kinds")
    void oldProtocolsAreRefusedAndTheServerGoesOn(ServerKind kind) throws Exception {
        assumeTrue(hasOpenssl(), "openssl is not installed (./run test installs it)");
        BaseServer server = tlsServer(kind, Family.EVENT);
        try (RunningServer running = RunningServer.start(server)) {
            for (String old : List.of("-tls1", "-tls1_1")) {
                ProcessResult result = sClient(running, "hello\n", old, "-cipher", "DEFAULT@SECLEVEL=0");
                assertThat(result.status()).as(result.output()).isNotZero();
                assertThat(result.output()).doesNotContain("hello\n");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().tls().handshakeFailures() == 2);
            try (SSLSocket socket = connect(running, "TLSv1.3"); LineClient client = LineClient.over(socket)) {
                assertThat(client.call("still here")).isEqualTo("still here");
            }
        }
    }

    // ---------------------------------------------------------------- faults

    @ParameterizedTest(name = "reset mid-handshake {0}")
    @MethodSource("kinds")
    void aClientThatResetsMidHandshakeIsClosedAndOthersGoOn(ServerKind kind) throws Exception {
        BaseServer server = tlsServer(kind, Family.EVENT);
        try (RunningServer running = RunningServer.start(server)) {
            try (Socket raw = new Socket()) {
                raw.connect(running.address(), 5000);
                // a handshake record that promises 200 bytes and brings 20
                byte[] partial = new byte[5 + 20];
                partial[0] = 0x16;
                partial[1] = 0x03;
                partial[2] = 0x01;
                partial[4] = (byte) 200;
                raw.getOutputStream().write(partial);
                raw.getOutputStream().flush();
                raw.setSoLinger(true, 0); // close sends a reset
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().tls().handshakeFailures() == 1);
            try (SSLSocket socket = connect(running, "TLSv1.3"); LineClient client = LineClient.over(socket)) {
                assertThat(client.call("after a reset")).isEqualTo("after a reset");
            }
            assertThat(server.statistics().connections().accepted()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "reset mid-record {0} {1}")
    @MethodSource("everyServerAndFamily")
    void aClientThatResetsMidRecordIsClosedAndOthersGoOn(ServerKind kind, Family family) throws Exception {
        BaseServer server = tlsServer(kind, family);
        try (RunningServer running = RunningServer.start(server);
                SSLSocket other = connect(running, "TLSv1.3");
                LineClient otherClient = LineClient.over(other)) {
            assertThat(otherClient.call("before")).isEqualTo("before");
            InetSocketAddress address = (InetSocketAddress) running.address();
            try (Socket raw = new Socket()) {
                raw.connect(address, 5000);
                SSLSocket tls = (SSLSocket) TestTls.client().getSocketFactory()
                        .createSocket(raw, "localhost", address.getPort(), false);
                tls.setSoTimeout(10_000);
                LineClient client = LineClient.over(tls);
                assertThat(client.call("whole")).isEqualTo("whole");
                // an application-data record that promises 4096 bytes and brings 3
                raw.getOutputStream().write(new byte[] {0x17, 0x03, 0x03, 0x10, 0x00, 1, 2, 3});
                raw.getOutputStream().flush();
                raw.setSoLinger(true, 0);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().closed() == 1);
            assertThat(otherClient.call("after")).isEqualTo("after");
        }
    }

    /**
     * 1 GiB through HybridServer (the production reactor), 256 MiB through the others (their
     * TLS paths are the blocking ones, also exercised here); 1 GiB on every server with
     * {@code -Dsoak=true}.
     */
    @ParameterizedTest(name = "1 GiB (256 MiB but on HYBRID unless -Dsoak=true) {0}")
    @MethodSource("kinds")
    void oneGibibyteThroughTlsEchoEveryByteVerified(ServerKind kind) throws Exception {
        Family family = kind == ServerKind.THREADING || kind == ServerKind.FORKING ? Family.BLOCKING : Family.EVENT;
        BaseServer server = tlsServer(kind, HandlerFactory.of(family == Family.EVENT
                ? ContractTest.LargeEchoEvent.class : ContractTest.LargeEchoBlocking.class));
        long total = kind == ServerKind.HYBRID || Boolean.getBoolean("soak") ? 1L << 30 : 256L << 20;
        int chunk = 64 * 1024;
        try (RunningServer running = RunningServer.start(server);
                SSLSocket socket = connect(running, "TLSv1.3")) {
            socket.setSoTimeout(60_000);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                Random random = new Random(1);
                byte[] buffer = new byte[chunk];
                try {
                    OutputStream out = socket.getOutputStream();
                    for (long sent = 0; sent < total; sent += chunk) {
                        random.nextBytes(buffer);
                        out.write(buffer);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Random expected = new Random(1);
            byte[] want = new byte[chunk];
            byte[] got = new byte[chunk];
            InputStream in = socket.getInputStream();
            for (long received = 0; received < total; received += chunk) {
                expected.nextBytes(want);
                int n = in.readNBytes(got, 0, chunk);
                assertThat(n).as("bytes at offset %d", received).isEqualTo(chunk);
                if (!Arrays.equals(want, got)) {
                    throw new AssertionError("the echo differs within bytes " + received + ".." + (received + chunk));
                }
            }
            sending.join();
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

    /**
     * A client that ends its side with a bare FIN, no close_notify (a truncation, as many
     * clients do): end of stream to the handler, whose answer still goes out encrypted.
     */
    @ParameterizedTest(name = "FIN without close_notify {0}")
    @MethodSource("kinds")
    void aFinWithoutCloseNotifyEndsTheInputAndTheAnswerStillComes(ServerKind kind) throws Exception {
        BaseServer server = tlsServer(kind, HandlerFactory.of(ForkHandlers.CountUntilEndOfStream.class));
        InetSocketAddress address;
        try (RunningServer running = RunningServer.start(server); Socket raw = new Socket()) {
            address = (InetSocketAddress) running.address();
            raw.connect(address, 5000);
            SSLSocket tls = (SSLSocket) TestTls.client().getSocketFactory()
                    .createSocket(raw, "localhost", address.getPort(), false);
            tls.setEnabledProtocols(new String[] {"TLSv1.3"});
            tls.setSoTimeout(10_000);
            tls.getOutputStream().write(new byte[1000]);
            tls.getOutputStream().flush();
            raw.shutdownOutput(); // FIN under the TLS layer: no close_notify
            LineClient client = LineClient.over(tls);
            assertThat(client.readLine()).isEqualTo("got 1000");
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
