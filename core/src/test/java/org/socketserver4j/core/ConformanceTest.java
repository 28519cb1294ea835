package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.StreamRequestHandler;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.Hooks;
import org.socketserver4j.core.testing.Leaks;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.TimingOutLineHandler;
import org.socketserver4j.core.testing.Transport;

/**
 * The behaviours of docs/CONFORMANCE.md, run over every server kind, where the handler
 * matters both handler families, and where the transport matters every stream transport. A new
 * server kind joins by one line in {@link ServerKind}, a new transport by one line in
 * {@link Transport}.
 */
class ConformanceTest {

    static Stream<Arguments> everyServerAndFamily() {
        List<Arguments> all = new ArrayList<>();
        for (ServerKind kind : ServerKind.values()) {
            for (Family family : Family.values()) {
                all.add(Arguments.of(kind, family));
            }
        }
        return all.stream();
    }

    /** Every transport, server kind and handler family: the cases that make connections. */
    static Stream<Arguments> everyTransportServerAndFamily() {
        List<Arguments> all = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (ServerKind kind : ServerKind.values()) {
                for (Family family : Family.values()) {
                    all.add(Arguments.of(kind, family, transport));
                }
            }
        }
        return all.stream();
    }

    /** Every transport and server kind. */
    static Stream<Arguments> everyTransportAndServer() {
        List<Arguments> all = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (ServerKind kind : ServerKind.values()) {
                all.add(Arguments.of(kind, transport));
            }
        }
        return all.stream();
    }

    private static BaseServer bound(ServerKind kind, Family family) throws IOException {
        return bound(kind, family, Transport.TCP);
    }

    private static BaseServer bound(ServerKind kind, Family family, Transport transport) throws IOException {
        BaseServer server = kind.create(transport, family.lineHandler(), true);
        server.setGracePeriod(Duration.ofSeconds(2));
        return server;
    }

    /** Nobody listens on {@code address}; a Unix-domain server has removed its socket file too. */
    private static void assertRefused(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            assertThat(unix.getPath()).as("the socket file is removed on close").doesNotExist();
            assertThatThrownBy(() -> SocketChannel.open(unix).close()).isInstanceOf(IOException.class);
            return;
        }
        assertThatThrownBy(() -> new Socket().connect(address, 2000))
                .isInstanceOf(ConnectException.class);
    }

    // ---------------------------------------------------------------- S: socketserver's tests

    @ParameterizedTest(name = "S1 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void s1_echoesThreeClientsInTurnThenClosesTheListener(ServerKind kind, Family family, Transport transport) throws Exception {
        SocketAddress address;
        try (RunningServer running = RunningServer.start(bound(kind, family, transport))) {
            address = running.address();
            for (int i = 0; i < 3; i++) {
                try (LineClient client = new LineClient(address)) {
                    assertThat(client.call("hello " + i)).isEqualTo("hello " + i);
                }
            }
        }
        assertRefused(address);
    }

    @ParameterizedTest(name = "S2 {0}")
    @EnumSource(ServerKind.class)
    void s2_shutdownAlwaysEndsServeForeverEvenRacingItsStart(ServerKind kind) throws Exception {
        for (int i = 0; i < 20; i++) {
            BaseServer server = kind.create(Family.EVENT.lineHandler(), true);
            Thread serving = Thread.ofPlatform().start(() -> server.serveForever(Duration.ofSeconds(30)));
            server.shutdown();
            serving.join(Duration.ofSeconds(5));
            assertThat(serving.isAlive()).as("serveForever still running after shutdown").isFalse();
            server.close();
            assertThat(server.state()).isEqualTo(ServerState.CLOSED);
        }
    }

    @ParameterizedTest(name = "S3 {0}")
    @EnumSource(ServerKind.class)
    void s3_builtAndClosedWithoutServing(ServerKind kind) throws Exception {
        BaseServer server = kind.create(Family.BLOCKING.lineHandler(), true);
        SocketAddress address = server.serverAddress();
        server.close();
        server.close();
        assertThat(server.state()).isEqualTo(ServerState.CLOSED);
        assertRefused(address);
        BaseServer unbound = kind.create(Family.BLOCKING.lineHandler(), false);
        unbound.close();
        assertThat(unbound.state()).isEqualTo(ServerState.CLOSED);
    }

    @ParameterizedTest(name = "S4 {0}")
    @EnumSource(ServerKind.class)
    void s4_failedConstructionsLeakNoDescriptor(ServerKind kind) throws Exception {
        try (ServerSocket occupied = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            SocketAddress taken = occupied.getLocalSocketAddress();
            kind.create(taken, Family.BLOCKING.lineHandler(), false).close();
            long before = Leaks.openDescriptors();
            for (int i = 0; i < 1024; i++) {
                assertThatThrownBy(() -> kind.create(taken, Family.BLOCKING.lineHandler(), true))
                        .isInstanceOf(IOException.class);
            }
            // other tests' connections may still be closing: wait for the count to settle, which
            // it never would with 1024 leaked descriptors
            await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.openDescriptors() <= before);
        }
    }

    @ParameterizedTest(name = "S5 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void s5_tryWithResourcesStopsDrainsAndCloses(ServerKind kind, Family family, Transport transport) throws Exception {
        SocketAddress address;
        Thread serving;
        try (BaseServer server = bound(kind, family, transport)) {
            address = server.serverAddress();
            serving = Thread.ofPlatform().start(server::serveForever);
            try (LineClient client = new LineClient(address)) {
                assertThat(client.call("x")).isEqualTo("x");
            }
        }
        serving.join(Duration.ofSeconds(5));
        assertThat(serving.isAlive()).isFalse();
        assertRefused(address);
    }

    @ParameterizedTest(name = "S6 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void s6_handlerExceptionReachesHandleErrorOnceAndTheServerGoesOn(ServerKind kind, Family family, Transport transport)
            throws Exception {
        List<SocketAddress> errors = new CopyOnWriteArrayList<>();
        BaseServer server = Recording.wrap(kind, transport, family.lineHandler(), errors, null, null);
        try (RunningServer running = RunningServer.start(server);
                LineClient bystander = new LineClient(running.address())) {
            assertThat(bystander.call("before")).isEqualTo("before");
            try (LineClient failing = new LineClient(running.address())) {
                failing.send("boom");
                await().atMost(Duration.ofSeconds(5)).until(failing::atEndOfStream);
                await().atMost(Duration.ofSeconds(5)).until(() -> !errors.isEmpty());
                assertThat(errors).containsExactly(failing.localAddress());
            }
            assertThat(bystander.call("after")).isEqualTo("after");
            try (LineClient next = new LineClient(running.address())) {
                assertThat(next.call("next")).isEqualTo("next");
            }
            assertThat(errors).hasSize(1);
            assertThat(server.statistics().handlerErrors()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "S7 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void s7_errorIsNotPassedToHandleErrorAndTheConnectionCloses(ServerKind kind, Family family, Transport transport)
            throws Exception {
        List<SocketAddress> errors = new CopyOnWriteArrayList<>();
        BaseServer server = Recording.wrap(kind, transport, family.lineHandler(), errors, null, null);
        try (RunningServer running = RunningServer.start(server)) {
            try (LineClient failing = new LineClient(running.address())) {
                failing.send("fatal");
                // the Error reaches the handler thread's uncaught-exception handler, as it should
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
                        .until(failing::atEndOfStream);
            }
            try (LineClient next = new LineClient(running.address())) {
                assertThat(next.call("still here")).isEqualTo("still here");
            }
            assertThat(errors).isEmpty();
        }
    }

    @ParameterizedTest(name = "S8 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void s8_unbufferedWritesArriveAtOnceAndLargeWritesDeliverEveryByte(ServerKind kind, Family family, Transport transport)
            throws Exception {
        try (RunningServer running = RunningServer.start(bound(kind, family, transport));
                LineClient client = new LineClient(running.address())) {
            assertThat(client.call("first")).isEqualTo("first");
            int size = 8 * 1024 * 1024;
            String big = client.call("big " + size);
            assertThat(big).hasSize(size).matches("x+");
            assertThat(client.call("after")).isEqualTo("after");
        }
    }

    @ParameterizedTest(name = "S9 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void s9_refusedRequestIsShutDownOnceAndNoHandlerIsMade(ServerKind kind, Family family, Transport transport) throws Exception {
        AtomicInteger handlersMade = new AtomicInteger();
        AtomicInteger shutdowns = new AtomicInteger();
        HandlerFactory counting = !kind.handlersInProcess() ? family.lineHandler() : switch (family.lineHandler()) {
            case HandlerFactory.Blocking b -> HandlerFactory.blocking(() -> {
                handlersMade.incrementAndGet();
                return b.newHandler();
            });
            case HandlerFactory.Event e -> HandlerFactory.event(() -> {
                handlersMade.incrementAndGet();
                return e.newHandler();
            });
        };
        BaseServer server = Recording.wrap(kind, transport, counting, new ArrayList<>(), shutdowns, false);
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(running.address())) {
            await().atMost(Duration.ofSeconds(5)).until(client::atEndOfStream);
            assertThat(shutdowns).hasValue(1);
            assertThat(handlersMade).hasValue(0);
            assertThat(server.statistics().childrenStarted()).as("no child process either").isZero();
            assertThat(server.statistics().rejected()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().active() == 0);
        }
    }

    @ParameterizedTest(name = "S10 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void s10_finishedConnectionsAndThreadsAreNotRetained(ServerKind kind, Family family, Transport transport) throws Exception {
        BaseServer server = bound(kind, family, transport);
        String prefix = server.getClass().getSimpleName() + "-";
        try (RunningServer running = RunningServer.start(server)) {
            try (LineClient first = new LineClient(running.address())) {
                assertThat(first.call("first")).isEqualTo("first");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().active() == 0);
            long engineThreads = Leaks.threadsNamed(prefix);
            int connections = kind.scale(100);
            for (int i = 0; i < connections; i++) {
                try (LineClient client = new LineClient(running.address())) {
                    assertThat(client.call("n" + i)).isEqualTo("n" + i);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().active() == 0);
            assertThat(server.statistics().accepted()).isEqualTo(connections + 1);
            assertThat(server.statistics().closed()).isEqualTo(connections + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.threadsNamed(prefix) <= engineThreads);
        }
    }

    // ---------------------------------------------------------------- P: where Python fails

    @ParameterizedTest(name = "P1 {0}")
    @EnumSource(ServerKind.class)
    void p1_portZeroGivesTheRealAddressAndOptionsPrecedeBind(ServerKind kind) throws Exception {
        BaseServer server = kind.create(Family.EVENT.lineHandler(), false);
        assertThat(server.state()).isEqualTo(ServerState.NEW);
        server.setRequestQueueSize(16);
        server.setAllowReuseAddress(true);
        server.serverBind();
        server.serverActivate();
        try (RunningServer running = RunningServer.start(server)) {
            InetSocketAddress address = (InetSocketAddress) server.serverAddress();
            assertThat(address.getPort()).isPositive();
            assertThatThrownBy(() -> server.setRequestQueueSize(8))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("before binding");
            try (LineClient client = new LineClient(address)) {
                assertThat(client.call("p1")).isEqualTo("p1");
            }
        }
    }

    @ParameterizedTest(name = "P2 {0}")
    @EnumSource(ServerKind.class)
    void p2_handleRequestWithATimeoutAndNoClientCallsHandleTimeoutOnce(ServerKind kind) throws Exception {
        AtomicInteger timeouts = new AtomicInteger();
        try (BaseServer server = Recording.withTimeoutCounter(kind, timeouts)) {
            server.setTimeout(Duration.ofMillis(100));
            server.handleRequest();
            assertThat(timeouts).hasValue(1);
            try (LineClient client = new LineClient(server.serverAddress())) {
                server.setTimeout(Duration.ofSeconds(10));
                server.handleRequest();
                assertThat(client.call("one")).isEqualTo("one");
            }
            assertThat(timeouts).hasValue(1);
        }
    }

    @ParameterizedTest(name = "P3 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void p3_shutdownWakesTheLoopAtOnceEvenFromAHandler(ServerKind kind, Family family, Transport transport) throws Exception {
        BaseServer server = bound(kind, family, transport);
        Thread serving = Thread.ofPlatform().start(() -> server.serveForever(Duration.ofHours(1)));
        try (LineClient client = new LineClient(server.serverAddress())) {
            if (kind.handlersInProcess()) {
                assertThat(client.call("shutdown")).isEqualTo("ok");
            } else {
                // a forked child's handler cannot reach the parent: shut down from outside
                assertThat(client.call("hi")).isEqualTo("hi");
                server.shutdown();
            }
            serving.join(Duration.ofSeconds(5));
            assertThat(serving.isAlive()).as("woken, not polled: the poll interval is an hour").isFalse();
            assertThat(server.state()).isEqualTo(ServerState.STOPPED);
            assertThat(client.call("still served")).isEqualTo("still served");
        } finally {
            server.close();
        }
    }

    @ParameterizedTest(name = "P4 {0}")
    @EnumSource(ServerKind.class)
    void p4_shutdownBeforeServeAndRepeatedShutdownAreIdempotent(ServerKind kind) throws Exception {
        try (BaseServer server = kind.create(Family.EVENT.lineHandler(), true)) {
            server.shutdown();
            server.shutdown();
            server.serveForever(Duration.ofHours(1));
            server.handleRequest();
            assertThat(server.state()).isEqualTo(ServerState.STOPPED);
        }
    }

    @ParameterizedTest(name = "P4b {0}")
    @EnumSource(ServerKind.class)
    void p4_shutdownEndsAHandleRequestThatWaitsForEver(ServerKind kind) throws Exception {
        AtomicInteger timeouts = new AtomicInteger();
        try (BaseServer server = Recording.withTimeoutCounter(kind, timeouts)) {
            Thread waiting = Thread.ofPlatform().start(server::handleRequest);
            await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() != Thread.State.RUNNABLE);
            server.shutdown();
            waiting.join(Duration.ofSeconds(5));
            assertThat(waiting.isAlive()).as("handleRequest still waiting after shutdown").isFalse();
            assertThat(timeouts).as("a shutdown is not a timeout").hasValue(0);
        }
    }

    @ParameterizedTest(name = "P5 {0}")
    @EnumSource(ServerKind.class)
    void p5_lifecycleOrderAndFailingSetupSkipsHandleAndFinish(ServerKind kind) throws Exception {
        assumeTrue(kind.handlersInProcess(), "the order is recorded in this process");
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicInteger failSetup = new AtomicInteger();
        HandlerFactory ordered = HandlerFactory.blocking(() -> new OrderedHandler(events, failSetup.get() > 0));
        BaseServer server = Recording.withEvents(kind, ordered, events);
        try (RunningServer running = RunningServer.start(server)) {
            try (LineClient client = new LineClient(running.address())) {
                await().atMost(Duration.ofSeconds(5)).until(client::atEndOfStream);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 5);
            assertThat(events).containsExactly("setup", "handle", "finish", "handleError", "shutdownRequest");
            events.clear();
            failSetup.set(1);
            try (LineClient client = new LineClient(running.address())) {
                await().atMost(Duration.ofSeconds(5)).until(client::atEndOfStream);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
            assertThat(events).containsExactly("setup", "handleError", "shutdownRequest");
        }
    }

    @ParameterizedTest(name = "P6 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void p6_clientSeesEndOfStreamAfterTheHandlerReturns(ServerKind kind, Family family, Transport transport) throws Exception {
        try (RunningServer running = RunningServer.start(bound(kind, family, transport));
                LineClient client = new LineClient(running.address())) {
            assertThat(client.call("quit")).isEqualTo("bye");
            assertThat(client.readLine()).isNull();
        }
    }

    /**
     * P7, without racing the idle window: the window is long next to the active client's pace
     * (one exchange per 50 ms poll against a second), the silent client is given a generous
     * bound to be closed in, and the active client's longest pause is measured, so that a test
     * thread starved for longer than the window (the active client then really was idle) is
     * reported as inconclusive instead of failing.
     */
    @ParameterizedTest(name = "P7 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void p7_idleClientIsClosedWhileActiveOnesGoOn(ServerKind kind, Family family, Transport transport) throws Exception {
        BaseServer server = bound(kind, family, transport);
        assertThat(server.idleTimeout()).as("on by default").isEqualTo(Duration.ofSeconds(60));
        Duration window = kind.timeout(Duration.ofSeconds(1));
        server.setIdleTimeout(window);
        try (RunningServer running = RunningServer.start(server);
                LineClient idle = new LineClient(running.address());
                LineClient active = new LineClient(running.address())) {
            long[] lastExchange = {System.nanoTime()}; // the active client is connected
            long idleSilentFrom = System.nanoTime();
            assertThat(idle.call("hi")).isEqualTo("hi");
            assertThat(active.call("ping")).isEqualTo("ping");
            long[] longestPause = {System.nanoTime() - lastExchange[0]};
            lastExchange[0] += longestPause[0];
            idle.setReadTimeout(Duration.ofMillis(20));
            String[] activeLost = {null};
            int[] pings = {0};
            await().atMost(window.plusSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                String ping = "ping " + ++pings[0];
                String reply;
                try {
                    reply = active.call(ping);
                } catch (IOException e) {
                    reply = e.toString();
                }
                long now = System.nanoTime();
                longestPause[0] = Math.max(longestPause[0], now - lastExchange[0]);
                lastExchange[0] = now;
                if (!ping.equals(reply)) {
                    activeLost[0] = String.valueOf(reply);
                    return true;
                }
                return idle.atEndOfStream();
            });
            long idleFor = System.nanoTime() - idleSilentFrom;
            if (activeLost[0] != null) {
                assumeTrue(longestPause[0] < window.toNanos() / 2, "inconclusive: the test thread was held up for "
                        + longestPause[0] / 1_000_000 + " ms, so the active client was idle for real");
            }
            assertThat(activeLost[0]).as("the active client was closed; its longest pause was %d ms of a %d ms window",
                    longestPause[0] / 1_000_000, window.toMillis()).isNull();
            assertThat(Duration.ofNanos(idleFor)).as("the silent client was not closed before its window")
                    .isGreaterThanOrEqualTo(window);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().timedOut() >= 1);
            assertThat(server.statistics().timedOut()).as("only the silent client timed out").isEqualTo(1);
            assertThat(active.call("pong")).isEqualTo("pong");
        }
    }

    /**
     * P17: a blocking handler's own read timeout ({@code timeout}) raises
     * {@link java.net.SocketTimeoutException} in the handler and leaves the connection usable,
     * losing nothing of a line cut by it, on every server and transport: SO_TIMEOUT over TCP,
     * a timed reader where the transport has none (a Unix socket under a thread per connection,
     * a forked child's stdin). It is the handler's business: not counted as a timed-out
     * connection.
     */
    @ParameterizedTest(name = "P17 {0} {1}")
    @MethodSource("everyTransportAndServer")
    void p17_aHandlersReadTimeoutRaisesInTheHandlerAndTheConnectionGoesOn(ServerKind kind, Transport transport)
            throws Exception {
        BaseServer server = kind.create(transport, HandlerFactory.of(TimingOutLineHandler.class), true);
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(running.address(), kind.timeout(Duration.ofSeconds(10)))) {
            assertThat(client.call("hello")).isEqualTo("hello");
            client.sendRaw("par".getBytes(StandardCharsets.UTF_8));
            assertThat(client.readLine()).isEqualTo("timeout");
            client.send("tial");
            String reply;
            do {
                reply = client.readLine();
            } while ("timeout".equals(reply));
            assertThat(reply).as("the line the timeout cut, whole").isEqualTo("partial");
            assertThat(server.statistics().timedOut()).isZero();
            client.send("quit");
            do {
                reply = client.readLine();
            } while ("timeout".equals(reply));
            assertThat(reply).isNull();
        }
    }

    @ParameterizedTest(name = "P8 {0} {1}")
    @MethodSource("everyTransportAndServer")
    void p8_closingTheListenerWhileServingEndsCleanly(ServerKind kind, Transport transport) throws Exception {
        BaseServer server = bound(kind, Family.EVENT, transport);
        RunningServer running = RunningServer.start(server);
        try (LineClient client = new LineClient(running.address())) {
            assertThat(client.call("a")).isEqualTo("a");
            server.serverClose();
            assertThat(client.call("b")).isEqualTo("b");
        }
        running.close();
        assertThat(running.failure()).isNull();
        assertThat(server.state()).isEqualTo(ServerState.CLOSED);
    }

    @ParameterizedTest(name = "P10 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void p10_atMaxConnectionsAcceptingPausesAndResumes(ServerKind kind, Family family, Transport transport) throws Exception {
        BaseServer server = bound(kind, family, transport);
        server.setMaxConnections(2);
        try (RunningServer running = RunningServer.start(server);
                LineClient first = new LineClient(running.address());
                LineClient second = new LineClient(running.address())) {
            assertThat(first.call("1")).isEqualTo("1");
            assertThat(second.call("2")).isEqualTo("2");
            try (LineClient third = new LineClient(running.address(), Duration.ofMillis(300))) {
                third.send("3");
                assertThatThrownBy(third::readLine).isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(server.statistics().accepted()).isEqualTo(2);
                first.close();
                third.setReadTimeout(Duration.ofSeconds(10));
                assertThat(third.readLine()).isEqualTo("3");
            }
        }
    }

    @ParameterizedTest(name = "P11 {0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void p11_closeDrainsWithinTheGracePeriodThenClosesWhatIsLeft(ServerKind kind, Family family, Transport transport)
            throws Exception {
        BaseServer server = bound(kind, family, transport);
        server.setGracePeriod(Duration.ofMillis(300));
        RunningServer running = RunningServer.start(server);
        try (LineClient stuck = new LineClient(running.address())) {
            assertThat(stuck.call("hi")).isEqualTo("hi");
            stuck.sendRaw("half a line".getBytes());
            running.close();
            assertThat(stuck.atEndOfStream()).isTrue();
            assertThat(server.statistics().forceClosed()).isEqualTo(1);
            assertThat(server.statistics().active()).isZero();
        }
    }

    @ParameterizedTest(name = "P14 {0}")
    @EnumSource(ServerKind.class)
    void p14_aSocketFileLeftByAnEarlierRunIsReplaced(ServerKind kind) throws Exception {
        Path path = Transport.newSocketPath();
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        try (ServerSocketChannel earlier = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            earlier.bind(address);
        }
        assertThat(path).as("closing a listener leaves its file, as a crashed run does").exists();
        try (RunningServer running = RunningServer.start(kind.create(address, Family.EVENT.lineHandler(), true));
                LineClient client = new LineClient(address)) {
            assertThat(client.call("p14")).isEqualTo("p14");
        }
        assertThat(path).doesNotExist();
    }

    /** Records the lifecycle of P5 and throws from handle (or setup). */
    public static final class OrderedHandler extends StreamRequestHandler {
        private final List<String> events;
        private final boolean failSetup;

        OrderedHandler(List<String> events, boolean failSetup) {
            this.events = events;
            this.failSetup = failSetup;
        }

        @Override
        public void setup() throws Exception {
            events.add("setup");
            if (failSetup) {
                throw new IOException("setup fails");
            }
            super.setup();
        }

        @Override
        public void handle() {
            events.add("handle");
            throw new IllegalStateException("handle fails");
        }

        @Override
        public void finish() throws Exception {
            events.add("finish");
            super.finish();
        }
    }

    /** Servers of any kind with recording pipeline hooks. */
    static final class Recording {
        private Recording() {}

        static BaseServer wrap(ServerKind kind, Transport transport, HandlerFactory factory,
                List<SocketAddress> errors, AtomicInteger shutdowns, Boolean verify) throws IOException {
            return kind.createHooked(transport, factory, new Hooks() {
                @Override
                public void handleError(Connection request, SocketAddress client, Throwable error) {
                    errors.add(client);
                }

                @Override
                public boolean verifyRequest(Connection request, SocketAddress client) {
                    return verify == null || verify;
                }

                @Override
                public void shutdownRequest(Connection request) {
                    if (shutdowns != null) {
                        shutdowns.incrementAndGet();
                    }
                    super.shutdownRequest(request);
                }
            });
        }

        static BaseServer withTimeoutCounter(ServerKind kind, AtomicInteger timeouts) throws IOException {
            return kind.createHooked(Family.BLOCKING.lineHandler(), new Hooks() {
                @Override
                public void handleTimeout() {
                    timeouts.incrementAndGet();
                }
            });
        }

        static BaseServer withEvents(ServerKind kind, HandlerFactory factory, List<String> events)
                throws IOException {
            return kind.createHooked(factory, new Hooks() {
                @Override
                public void handleError(Connection request, SocketAddress client, Throwable error) {
                    events.add("handleError");
                }

                @Override
                public void shutdownRequest(Connection request) {
                    events.add("shutdownRequest");
                    super.shutdownRequest(request);
                }
            });
        }
    }
}
