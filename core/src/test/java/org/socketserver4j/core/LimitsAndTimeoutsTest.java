package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.StreamRequestHandler;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/** Connection limits per client address, read and write timeouts, and draining under load. */
class LimitsAndTimeoutsTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyServerAndFamily() {
        return ConformanceTest.everyServerAndFamily();
    }

    private static LineClient clientFrom(String localIp, SocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        socket.connect(server, 5000);
        return LineClient.over(socket);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyServerAndFamily")
    void overThePerAddressLimitAClientIsClosedAtOnceOthersAreServed(ServerKind kind, Family family)
            throws Exception {
        BaseServer server = kind.create(family.lineHandler(), true);
        server.setMaxConnectionsPerAddress(2);
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                LineClient a = clientFrom("127.0.0.1", running.address());
                LineClient b = clientFrom("127.0.0.1", running.address())) {
            assertThat(a.call("a")).isEqualTo("a");
            assertThat(b.call("b")).isEqualTo("b");
            try (LineClient over = clientFrom("127.0.0.1", running.address())) {
                assertThat(over.atEndOfStream()).as("over the limit: closed before any data").isTrue();
            }
            assertThat(server.statistics().rejected()).isEqualTo(1);
            try (LineClient otherAddress = clientFrom("127.0.0.2", running.address())) {
                assertThat(otherAddress.call("other")).isEqualTo("other");
            }
            a.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().active() == 1);
            try (LineClient again = clientFrom("127.0.0.1", running.address())) {
                assertThat(again.call("again")).isEqualTo("again");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyServerAndFamily")
    void aReadTimeoutClosesAClientThatSendsNothing(ServerKind kind, Family family) throws Exception {
        BaseServer server = kind.create(family.lineHandler(), true);
        server.setIdleTimeout(Duration.ZERO);
        server.setReadTimeout(kind.timeout(Duration.ofMillis(300)));
        try (RunningServer running = RunningServer.start(server);
                LineClient silent = new LineClient(running.address())) {
            assertThat(silent.call("hello")).isEqualTo("hello");
            await().atMost(Duration.ofSeconds(5)).until(silent::atEndOfStream);
            assertThat(server.statistics().timedOut()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void aWriteTimeoutClosesAClientThatKeepsSendingButNeverReads(ServerKind kind) throws Exception {
        BaseServer server = kind.create(Family.EVENT.lineHandler(), true);
        server.setIdleTimeout(Duration.ZERO);
        // under ForkingServer the parent's relay enforces it on its write to the client
        server.setWriteTimeout(Duration.ofMillis(300));
        try (RunningServer running = RunningServer.start(server);
                Socket client = new Socket()) {
            client.connect(running.address(), 5000);
            client.getOutputStream().write("big 30000000\n".getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Void> chatter = CompletableFuture.runAsync(() -> {
                try {
                    while (!client.isClosed()) {
                        client.getOutputStream().write("tick\n".getBytes(StandardCharsets.UTF_8));
                        client.getOutputStream().flush();
                        LockSupportPause.pause();
                    }
                } catch (IOException closedByServer) {
                    // expected: the server closed the connection
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().timedOut() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().active() == 0);
            if (kind == ServerKind.SELECT || kind == ServerKind.HYBRID) {
                // the reactors count the writes they had to queue
                assertThat(server.statistics().writeStalls()).isPositive();
            }
            client.close();
            chatter.join();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ServerKind.class, names = {"SELECT", "HYBRID"})
    void writesGoOutDirectlyWhileTheSocketTakesThem(ServerKind kind) throws Exception {
        BaseServer server = kind.create(Family.EVENT.lineHandler(), true);
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(running.address())) {
            for (int i = 0; i < 200; i++) {
                assertThat(client.call("ping " + i)).isEqualTo("ping " + i);
            }
            assertThat(server.statistics().writeStalls()).as("no output was ever queued").isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void closeUnderLoadAnswersEveryRequestThatWasReadWithinTheGracePeriod(ServerKind kind) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind.handlersInProcess(), "the handler is a supplier");
        int clients = 20;
        CountDownLatch allRead = new CountDownLatch(clients);
        CountDownLatch answer = new CountDownLatch(1);
        HandlerFactory slow = HandlerFactory.blocking(() -> new StreamRequestHandler() {
            @Override
            public void handle() throws Exception {
                String request = rfile.readLine();
                allRead.countDown();
                answer.await();
                wfile.write(("done " + request + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        BaseServer server = kind.create(slow, true);
        server.setGracePeriod(Duration.ofSeconds(10));
        RunningServer running = RunningServer.start(server);
        List<LineClient> inFlight = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                LineClient client = new LineClient(running.address());
                client.send("r" + i);
                inFlight.add(client);
            }
            assertThat(allRead.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(running::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.state() == ServerState.DRAINING);
            answer.countDown();
            for (int i = 0; i < clients; i++) {
                assertThat(inFlight.get(i).readLine()).isEqualTo("done r" + i);
                assertThat(inFlight.get(i).readLine()).isNull();
            }
            closing.join();
            assertThat(server.statistics().closed()).isEqualTo(clients);
            assertThat(server.statistics().forceClosed()).isZero();
        } finally {
            answer.countDown();
            for (LineClient client : inFlight) {
                client.close();
            }
        }
    }

    /** A short pause between client writes that is not a wait for a condition. */
    private static final class LockSupportPause {
        static void pause() {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
