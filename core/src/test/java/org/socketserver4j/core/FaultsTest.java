package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.reactor.Placement;
import org.socketserver4j.core.reactor.ReactorEngine;
import org.socketserver4j.core.testing.BlockingLineHandler;
import org.socketserver4j.core.testing.Counters;
import org.socketserver4j.core.testing.EventLineHandler;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.FaultySelectorProvider;
import org.socketserver4j.core.testing.Hooks;
import org.socketserver4j.core.testing.Leaks;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.threading.ThreadingEngine;

/**
 * Nothing fails silently: a reactor whose selector fails, handlers that cannot be made, a full
 * handler pool, refusals. Each case ends with the counters balanced (every accepted connection
 * counted once, as rejected or closed) and, where it closes the server, no thread or
 * descriptor left.
 */
class FaultsTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    /** The servers whose handlers run in this process, with both handler families. */
    static Stream<Arguments> inProcessServersAndFamilies() {
        List<Arguments> all = new ArrayList<>();
        for (ServerKind kind : List.of(ServerKind.SELECT, ServerKind.THREADING, ServerKind.HYBRID)) {
            for (Family family : Family.values()) {
                all.add(Arguments.of(kind, family));
            }
        }
        return all.stream();
    }

    /** HybridServer with two workers, worker 0's selectors from {@code faulty}. */
    static final class FaultyHybrid extends HybridServer {
        private final SelectorProvider faulty;

        FaultyHybrid(HandlerFactory factory, SelectorProvider faulty) throws IOException {
            super(ANY_PORT, factory, true);
            this.faulty = faulty;
            setWorkers(2);
        }

        @Override
        protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
            return new ReactorEngine(settings, hooks, 2, Placement.ROUND_ROBIN,
                    index -> index == 0 ? faulty : SelectorProvider.provider());
        }

        ReactorEngine reactors() {
            return (ReactorEngine) engine();
        }
    }

    /** The line protocol, counting handlers that ended (onClose, or finish). */
    private static HandlerFactory countingEnds(Family family, AtomicInteger ended) {
        return switch (family) {
            case EVENT -> HandlerFactory.event(() -> new EventLineHandler() {
                @Override
                public void onClose(Connection connection) {
                    ended.incrementAndGet();
                }
            });
            case BLOCKING -> HandlerFactory.blocking(() -> new BlockingLineHandler() {
                @Override
                public void finish() {
                    ended.incrementAndGet();
                }
            });
        };
    }

    private static long descriptorsNow() throws IOException {
        SocketChannel.open().close(); // the JDK keeps a descriptor from its first socket on
        return Leaks.openDescriptors();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    void aWorkerWhoseSelectorKeepsFailingDiesItsConnectionsAreClosedAndCountedNewOnesGoToTheOther(
            Family family) throws Exception {
        long descriptorsBefore = descriptorsNow();
        AtomicInteger ended = new AtomicInteger();
        FaultySelectorProvider faulty = new FaultySelectorProvider();
        FaultyHybrid server = new FaultyHybrid(countingEnds(family, ended), faulty);
        server.setGracePeriod(Duration.ofMillis(200));
        List<LineClient> clients = new ArrayList<>();
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 4; i++) {
                LineClient client = new LineClient(running.address());
                clients.add(client);
                assertThat(client.call("c" + i)).isEqualTo("c" + i);
            }
            assertThat(server.connectionsPerWorker()).containsExactly(2, 2);

            faulty.failForever();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.reactors().workersAlive() == 1);
            assertThat(clients.get(0).atEndOfStream()).as("on the dead worker: closed").isTrue();
            assertThat(clients.get(2).atEndOfStream()).as("on the dead worker: closed").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() == 2);
            assertThat(server.connectionsPerWorker()).containsExactly(0, 2);
            assertThat(clients.get(1).call("still")).isEqualTo("still");
            assertThat(clients.get(3).call("served")).isEqualTo("served");

            for (int i = 0; i < 3; i++) {
                LineClient client = new LineClient(running.address());
                clients.add(client);
                assertThat(client.call("new" + i)).isEqualTo("new" + i);
            }
            assertThat(server.connectionsPerWorker()).containsExactly(0, 5);
            var counts = Counters.assertBalanced(server, 5);
            assertThat(counts.closed()).isEqualTo(2);
            assertThat(counts.rejected()).isZero();
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
        var counts = Counters.assertBalanced(server);
        assertThat(counts.accepted()).isEqualTo(7);
        assertThat(counts.closed()).isEqualTo(7);
        await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() == 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.threadsNamed("FaultyHybrid-") == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.openDescriptors() <= descriptorsBefore);
    }

    @Test
    void whenEveryWorkerHasDiedTheServerStopsAcceptingAndRefusesClients() throws Exception {
        FaultySelectorProvider faulty = new FaultySelectorProvider();
        AtomicInteger ended = new AtomicInteger();
        HybridServer server = new HybridServer(ANY_PORT, countingEnds(Family.EVENT, ended), true) {
            @Override
            protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
                return new ReactorEngine(settings, hooks, 1, Placement.ROUND_ROBIN,
                        index -> index == 0 ? faulty : SelectorProvider.provider());
            }
        };
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(running.address())) {
            assertThat(client.call("hello")).isEqualTo("hello");
            faulty.failForever();
            assertThat(client.atEndOfStream()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() == 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new LineClient(running.address()).close())
                            .as("the listener is closed: clients are refused, not left waiting")
                            .isInstanceOf(IOException.class));
            Counters.assertBalanced(server);
        }
        Counters.assertBalanced(server);
    }

    @Test
    void whenTheAcceptingReactorDiesClientsAreRefusedAndOpenConnectionsStillServed() throws Exception {
        FaultySelectorProvider faulty = new FaultySelectorProvider();
        HybridServer server = new HybridServer(ANY_PORT, Family.EVENT.lineHandler(), true) {
            @Override
            protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
                return new ReactorEngine(settings, hooks, 2, Placement.ROUND_ROBIN,
                        index -> index == ReactorEngine.ACCEPTING_REACTOR ? faulty
                                : SelectorProvider.provider());
            }
        };
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(running.address())) {
            assertThat(client.call("hello")).isEqualTo("hello");
            faulty.failForever();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new LineClient(running.address()).close())
                            .as("the listener is closed: clients are refused")
                            .isInstanceOf(IOException.class));
            assertThat(client.call("still served")).isEqualTo("still served");
            Counters.assertBalanced(server, 1);
        }
        Counters.assertBalanced(server);
    }

    @Test
    void whenThreadingServersAcceptingReactorDiesClientsAreRefusedAndOpenConnectionsStillServed()
            throws Exception {
        FaultySelectorProvider faulty = new FaultySelectorProvider();
        ThreadingServer server = new ThreadingServer(ANY_PORT, Family.BLOCKING.lineHandler(), true) {
            @Override
            protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
                return new ThreadingEngine(settings, hooks,
                        () -> Executors.newThreadPerTaskExecutor(
                                Thread.ofVirtual().name(settings.name() + "-conn-", 0).factory()),
                        faulty);
            }
        };
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(running.address())) {
            assertThat(client.call("hello")).isEqualTo("hello");
            faulty.failForever();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new LineClient(running.address()).close())
                            .as("the listener is closed: clients are refused")
                            .isInstanceOf(IOException.class));
            assertThat(client.call("still served")).isEqualTo("still served");
            Counters.assertBalanced(server, 1);
        }
        Counters.assertBalanced(server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    void whenSelectServersOneReactorDiesItsConnectionsAreClosedAndCounted(Family family)
            throws Exception {
        long descriptorsBefore = descriptorsNow();
        FaultySelectorProvider faulty = new FaultySelectorProvider();
        AtomicInteger ended = new AtomicInteger();
        SelectServer server = new SelectServer(ANY_PORT, countingEnds(family, ended), true) {
            @Override
            protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
                return new ReactorEngine(settings, hooks, 0, Placement.ROUND_ROBIN, index -> faulty);
            }
        };
        server.setGracePeriod(Duration.ofMillis(200));
        String prefix = "server-" + ((InetSocketAddress) server.serverAddress()).getPort();
        List<LineClient> clients = new ArrayList<>();
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 3; i++) {
                LineClient client = new LineClient(running.address());
                clients.add(client);
                assertThat(client.call("c" + i)).isEqualTo("c" + i);
            }
            faulty.failForever();
            for (LineClient client : clients) {
                assertThat(client.atEndOfStream()).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() == 3);
            var counts = Counters.assertBalanced(server);
            assertThat(counts.closed()).isEqualTo(3);
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
        Counters.assertBalanced(server);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.threadsNamed(prefix) == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.openDescriptors() <= descriptorsBefore);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inProcessServersAndFamilies")
    void aHandlerWhoseConstructorThrowsIsReportedOnceAndItsConnectionCountedOnce(ServerKind kind,
            Family family) throws Exception {
        long descriptorsBefore = descriptorsNow();
        AtomicInteger reported = new AtomicInteger();
        HandlerFactory throwing = switch (family) {
            case BLOCKING -> HandlerFactory.blocking(() -> {
                throw new IllegalStateException("blocking handler constructor failed");
            });
            case EVENT -> HandlerFactory.event(() -> {
                throw new IllegalStateException("event handler constructor failed");
            });
        };
        BaseServer server = kind.createHooked(throwing, new Hooks() {
            @Override
            public void handleError(Connection request, SocketAddress client, Throwable error) {
                assertThat(error).hasMessageContaining("constructor failed");
                reported.incrementAndGet();
            }
        });
        server.setGracePeriod(Duration.ofMillis(200));
        String prefix = server.getClass().getSimpleName() + "-";
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 3; i++) {
                try (LineClient client = new LineClient(running.address())) {
                    client.send("hello");
                    assertThat(client.atEndOfStream()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> reported.get() == 3);
            var counts = Counters.assertBalanced(server);
            assertThat(counts.accepted()).isEqualTo(3);
            if (family == Family.EVENT) {
                assertThat(counts.rejected()).as("no handler took it: rejected").isEqualTo(3);
            } else {
                assertThat(counts.closed()).as("its handler run failed: closed").isEqualTo(3);
            }
            assertThat(server.statistics().handlerErrors()).isEqualTo(3);
        }
        Counters.assertBalanced(server);
        assertThat(reported.get()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.threadsNamed(prefix) == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.openDescriptors() <= descriptorsBefore);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inProcessServersAndFamilies")
    void aHandlerConstructorThatThrowsAnErrorClosesItsConnectionCountedOnce(ServerKind kind,
            Family family) throws Exception {
        AtomicInteger made = new AtomicInteger();
        HandlerFactory failing = switch (family) {
            case BLOCKING -> HandlerFactory.blocking(() -> {
                made.incrementAndGet();
                throw new NoClassDefFoundError("injected: the handler class cannot be loaded");
            });
            case EVENT -> HandlerFactory.event(() -> {
                made.incrementAndGet();
                throw new NoClassDefFoundError("injected: the handler class cannot be loaded");
            });
        };
        BaseServer server = kind.create(failing, true);
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 2; i++) {
                try (LineClient client = new LineClient(running.address())) {
                    assertThat(client.atEndOfStream()).isTrue();
                }
            }
            // A blocking handler's Error is rethrown on its thread, by design: not a failure.
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
                    .until(() -> made.get() == 2);
            var counts = Counters.assertBalanced(server);
            assertThat(counts.rejected() + counts.closed()).isEqualTo(2);
            try (LineClient client = new LineClient(running.address())) {
                assertThat(client.atEndOfStream()).as("the server goes on").isTrue();
            }
            Counters.assertBalanced(server);
        }
        Counters.assertBalanced(server);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inProcessServersAndFamilies")
    void refusedByVerifyRequestOrByItsExceptionAConnectionIsCountedRejectedOnce(ServerKind kind,
            Family family) throws Exception {
        AtomicInteger verified = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        BaseServer server = kind.createHooked(family.lineHandler(), new Hooks() {
            @Override
            public boolean verifyRequest(Connection request, SocketAddress client) {
                return switch (verified.incrementAndGet()) {
                    case 1 -> false;
                    case 2 -> throw new IllegalStateException("verifyRequest failed");
                    default -> true;
                };
            }

            @Override
            public void handleError(Connection request, SocketAddress client, Throwable error) {
                reported.incrementAndGet();
            }
        });
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 2; i++) {
                try (LineClient refused = new LineClient(running.address())) {
                    assertThat(refused.atEndOfStream()).isTrue();
                }
            }
            try (LineClient served = new LineClient(running.address())) {
                assertThat(served.call("served")).isEqualTo("served");
                Counters.assertBalanced(server, 1);
            }
            var counts = Counters.assertBalanced(server);
            assertThat(counts.rejected()).isEqualTo(2);
            assertThat(counts.closed()).isEqualTo(1);
            assertThat(reported.get()).isEqualTo(1);
        }
        Counters.assertBalanced(server);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inProcessServersAndFamilies")
    void connectionsResetAsTheyArriveOrOpenWhenTheServerClosesAreCountedOnce(ServerKind kind,
            Family family) throws Exception {
        BaseServer server = kind.create(family.lineHandler(), true);
        server.setGracePeriod(Duration.ofMillis(100));
        List<Socket> open = new ArrayList<>();
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 20; i++) {
                Socket reset = new Socket();
                reset.setSoLinger(true, 0);
                reset.connect(running.address(), 5000);
                reset.close();
            }
            Counters.assertBalanced(server);
            for (int i = 0; i < 10; i++) {
                Socket socket = new Socket();
                socket.connect(running.address(), 5000);
                open.add(socket);
            }
            // closed at once, while some are still being handed over
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        var counts = Counters.assertBalanced(server);
        assertThat(counts.accepted()).isLessThanOrEqualTo(30);
    }

    @Test
    void aFullHandlerPoolPausesAcceptingAndTheBacklogHoldsTheRest() throws Exception {
        long descriptorsBefore = descriptorsNow();
        HybridServer server = new HybridServer(ANY_PORT, Family.BLOCKING.lineHandler());
        server.setWorkers(2);
        server.setHandlerThreads(1);
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                LineClient a = new LineClient(running.address())) {
            assertThat(a.call("a")).as("served: it holds the one handler thread").isEqualTo("a");
            try (LineClient queued = new LineClient(running.address(), Duration.ofMillis(300))) {
                queued.send("b");
                await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().accepted() == 2);
                try (LineClient backlog = new LineClient(running.address(), Duration.ofMillis(300))) {
                    backlog.send("c");
                    fullPool(server, a, queued, backlog);
                }
            }
        }
        var counts = Counters.assertBalanced(server);
        assertThat(counts.rejected()).isZero();
        assertThat(counts.closed()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.threadsNamed("HybridServer-") == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.openDescriptors() <= descriptorsBefore);
    }

    /** One thread busy with {@code a}, {@code queued} waiting for it, {@code backlog} not accepted. */
    private static void fullPool(HybridServer server, LineClient a, LineClient queued,
            LineClient backlog) throws IOException {
        assertThatThrownBy(queued::readLine).isInstanceOf(SocketTimeoutException.class);
        assertThatThrownBy(backlog::readLine).isInstanceOf(SocketTimeoutException.class);
        var counts = Counters.assertBalanced(server, 2);
        assertThat(counts.accepted()).as("one thread, one queue place: the third waits in the backlog")
                .isEqualTo(2);
        assertThat(counts.rejected()).isZero();

        a.close();
        queued.socket().setSoTimeout(10_000);
        assertThat(queued.readLine()).as("a's thread is free: the queued one is served").isEqualTo("b");
        queued.close();
        backlog.socket().setSoTimeout(10_000);
        assertThat(backlog.readLine()).as("accepting resumed: the backlog's client is served")
                .isEqualTo("c");
        assertThat(server.statistics().accepted()).isEqualTo(3);
        Counters.assertBalanced(server, 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ServerKind.class, names = {"SELECT", "HYBRID"})
    void aConnectionTheHandlerPoolRefusesIsClosedAtOnceAndCountedRejected(ServerKind kind)
            throws Exception {
        BaseServer server = kind.create(Family.BLOCKING.lineHandler(), true);
        server.setHandlerExecutor(() -> new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), Thread.ofPlatform().name("refusing-pool-", 0)
                        .daemon(true).factory()));
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                LineClient a = new LineClient(running.address())) {
            assertThat(a.call("a")).isEqualTo("a");
            try (LineClient refused = new LineClient(running.address())) {
                assertThat(refused.atEndOfStream()).as("no thread, no queue place: refused").isTrue();
            }
            var counts = Counters.assertBalanced(server, 1);
            assertThat(counts.rejected()).isEqualTo(1);
            assertThat(a.call("still")).isEqualTo("still");
        }
        var counts = Counters.assertBalanced(server);
        assertThat(counts.rejected()).isEqualTo(1);
        assertThat(counts.closed()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.threadsNamed("refusing-pool-") == 0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inProcessServersAndFamilies")
    void overThePerAddressLimitAConnectionIsCountedRejectedOnce(ServerKind kind, Family family)
            throws Exception {
        BaseServer server = kind.create(family.lineHandler(), true);
        server.setMaxConnectionsPerAddress(1);
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                LineClient first = new LineClient(running.address())) {
            assertThat(first.call("first")).isEqualTo("first");
            for (int i = 0; i < 3; i++) {
                try (LineClient over = new LineClient(running.address())) {
                    assertThat(over.atEndOfStream()).isTrue();
                }
            }
            var counts = Counters.assertBalanced(server, 1);
            assertThat(counts.rejected()).isEqualTo(3);
        }
        var counts = Counters.assertBalanced(server);
        assertThat(counts.closed()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    void aConnectionNoThreadTakesUnderThreadingServerIsRefusedAndCountedRejected(Family family)
            throws Exception {
        ThreadingServer server = new ThreadingServer(ANY_PORT, family.lineHandler());
        server.setThreadFactory(task -> null); // the executor refuses every task
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 2; i++) {
                try (LineClient refused = new LineClient(running.address())) {
                    assertThat(refused.atEndOfStream()).isTrue();
                }
            }
            var counts = Counters.assertBalanced(server);
            assertThat(counts.rejected()).isEqualTo(2);
            assertThat(counts.closed()).isZero();
        }
        Counters.assertBalanced(server);
    }
}
