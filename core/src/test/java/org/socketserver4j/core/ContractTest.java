package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.StreamRequestHandler;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/**
 * The one {@link Connection} contract (docs/CONFORMANCE.md, cases C1-C4 and C6), run on every
 * server whose handlers run in this process; ForkingServer's children keep the same contract
 * through the same classes (StreamConnection), and the large-message case runs there too.
 */
public class ContractTest {

    private static final int LOW = 32 * 1024;
    private static final int HIGH = 64 * 1024;
    private static final int MIB = 1024 * 1024;

    static Stream<ServerKind> inProcess() {
        return Stream.of(ServerKind.values()).filter(ServerKind::handlersInProcess);
    }

    static Stream<Arguments> everyServerAndStyle() {
        return Stream.of(ServerKind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, HandlerFactory.of(LargeEchoEvent.class)),
                Arguments.of(kind, HandlerFactory.of(LargeEchoBlocking.class))));
    }

    private static BaseServer server(ServerKind kind, EventHandler handler) throws Exception {
        BaseServer server = kind.create(HandlerFactory.event(() -> handler), true);
        server.setWriteBufferWatermarks(LOW, HIGH);
        server.setGracePeriod(Duration.ofSeconds(1));
        return server;
    }

    // ------------------------------------------------------------------ C1

    @ParameterizedTest(name = "C1 writer never blocked, watermarks {0}")
    @MethodSource("inProcess")
    void c1_writesToAPeerThatNeverReadsNeverBlockAndFollowTheWatermarks(ServerKind kind) throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        AtomicInteger chunksWritten = new AtomicInteger();
        EventHandler handler = new EventHandler() {
            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
                byte[] chunk = new byte[8 * 1024];
                while (c.isWritable()) {
                    c.write(chunk);
                    chunksWritten.incrementAndGet();
                }
                events.add("unwritable");
            }

            @Override
            public void onWritabilityChanged(Connection c, boolean writable) {
                events.add(writable ? "writable" : "told unwritable");
            }
        };
        try (RunningServer running = RunningServer.start(server(kind, handler));
                Socket client = new Socket()) {
            client.connect(running.address(), 2000);
            client.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("unwritable"));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("told unwritable"));
            long expected = (long) chunksWritten.get() * 8 * 1024;
            InputStream in = client.getInputStream();
            byte[] sink = new byte[64 * 1024];
            long read = 0;
            while (read < expected) {
                int n = in.read(sink);
                assertThat(n).isPositive();
                read += n;
            }
            assertThat(read).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("writable"));
            // the kernel may take the queued bytes before the client reads: then "writable" comes
            // sooner, but always after the queue passed the high watermark and was reported
            assertThat(List.copyOf(events)).containsExactly("unwritable", "told unwritable", "writable");
        }
    }

    @ParameterizedTest(name = "C1 hard cap {0}")
    @MethodSource("inProcess")
    void c1_outputBeyondTheHardCapClosesTheConnectionAndIsCounted(ServerKind kind) throws Exception {
        AtomicInteger closes = new AtomicInteger();
        EventHandler handler = new EventHandler() {
            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
                // more than the kernel's socket buffers take (up to 4 MiB on Linux)
                byte[] chunk = new byte[256 * 1024];
                for (int i = 0; i < 64 && c.isOpen(); i++) {
                    c.write(chunk);
                }
            }

            @Override
            public void onClose(Connection c) {
                closes.incrementAndGet();
            }
        };
        BaseServer server = server(kind, handler);
        server.setMaxOutboundBytes(1024 * 1024);
        try (RunningServer running = RunningServer.start(server);
                Socket client = new Socket()) {
            client.setReceiveBufferSize(16 * 1024);
            client.connect(running.address(), 2000);
            client.getOutputStream().write("flood\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().outboundOverflows() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> closes.get() == 1);
            assertThat(server.statistics().outboundOverflows()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ C2

    @ParameterizedTest(name = "C2 a receiving peer is not idle {0}")
    @MethodSource("inProcess")
    void c2_aPeerThatOnlyReceivesIsNotIdle(ServerKind kind) throws Exception {
        EventHandler handler = new EventHandler() {
            private int ticks;

            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
                tick(c);
            }

            private void tick(Connection c) {
                if (++ticks > 12) {
                    c.write("end\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                c.write("tick\n".getBytes(StandardCharsets.US_ASCII));
                c.schedule(() -> tick(c), Duration.ofMillis(100));
            }
        };
        BaseServer server = server(kind, handler);
        server.setIdleTimeout(Duration.ofMillis(500));
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(running.address(), Duration.ofSeconds(10))) {
            client.send("start");
            String line;
            int ticks = 0;
            while ((line = client.readLine()) != null && line.equals("tick")) {
                ticks++;
            }
            assertThat(ticks).isEqualTo(12);
            assertThat(line).isEqualTo("end");
            assertThat(server.statistics().timedOut()).isZero();
        }
    }

    // ------------------------------------------------------------------ C3

    @ParameterizedTest(name = "C3 no re-entry {0}")
    @MethodSource("inProcess")
    void c3_eventsRaisedInsideACallbackWaitUntilItReturns(ServerKind kind) throws Exception {
        List<String> reentered = new CopyOnWriteArrayList<>();
        Queue<String> events = new ConcurrentLinkedQueue<>();
        EventHandler handler = new EventHandler() {
            private boolean inCallback;

            @Override
            public void onData(Connection c, ByteBuffer data) {
                String command = StandardCharsets.US_ASCII.decode(data).toString().trim();
                inCallback = true;
                try {
                    // more than the kernel's socket buffers take (up to 4 MiB on Linux)
                    c.write(new byte[8 * MIB]);
                    if (command.equals("overflow")) {
                        c.write(new byte[16 * MIB]);
                    }
                    events.add("returned open=" + c.isOpen());
                } finally {
                    inCallback = false;
                }
            }

            @Override
            public void onWritabilityChanged(Connection c, boolean writable) {
                note("writability " + writable);
            }

            @Override
            public void onClose(Connection c) {
                note("close");
            }

            private void note(String event) {
                if (inCallback) {
                    reentered.add(event);
                }
                events.add(event);
            }
        };
        BaseServer server = server(kind, handler);
        server.setMaxOutboundBytes(16 * MIB);
        try (RunningServer running = RunningServer.start(server)) {
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(16 * 1024);
                client.connect(running.address(), 2000);
                client.getOutputStream().write("write\n".getBytes(StandardCharsets.US_ASCII));
                await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("writability false"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("close"));
            events.clear();
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(16 * 1024);
                client.connect(running.address(), 2000);
                client.getOutputStream().write("overflow\n".getBytes(StandardCharsets.US_ASCII));
                await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("close"));
            }
            assertThat(events).contains("returned open=false");
            assertThat(reentered).isEmpty();
        }
    }

    // ------------------------------------------------------------------ C4

    @ParameterizedTest(name = "C4 tasks and timers on the connection's thread {0}")
    @MethodSource("inProcess")
    void c4_tasksAndTimersRunOnTheConnectionsThreadOneAtATime(ServerKind kind) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        AtomicReference<Connection> connection = new AtomicReference<>();
        AtomicInteger done = new AtomicInteger();
        EventHandler handler = new EventHandler() {
            @Override
            public void onOpen(Connection c) {
                connection.set(c);
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
                enter("data");
                try {
                    c.execute(() -> step(c, "task"));
                    c.schedule(() -> step(c, "timer"), Duration.ofMillis(20));
                } finally {
                    leave();
                }
            }

            private void step(Connection c, String what) {
                enter(what);
                try {
                    done.incrementAndGet();
                } finally {
                    leave();
                }
            }

            private void enter(String what) {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                threads.add(what + " " + Thread.currentThread().getName());
            }

            private void leave() {
                running.decrementAndGet();
            }
        };
        try (RunningServer server = RunningServer.start(server(kind, handler));
                LineClient client = new LineClient(server.address())) {
            for (int i = 0; i < 20; i++) {
                client.send("x" + i);
                Connection c = await().until(connection::get, java.util.Objects::nonNull);
                c.execute(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    done.incrementAndGet();
                    running.decrementAndGet();
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> done.get() >= 20 * 3);
            assertThat(overlaps.get()).isZero();
            if (kind != ServerKind.THREADING) {
                assertThat(threads.stream().map(t -> t.substring(t.indexOf(' ') + 1)).distinct())
                        .hasSize(1);
            }
        }
    }

    @ParameterizedTest(name = "C4 tasks of a closed connection are dropped {0}")
    @MethodSource("inProcess")
    void c4_tasksAfterCloseAreDroppedAndOnCloseIsLast(ServerKind kind) throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        EventHandler handler = new EventHandler() {
            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
                c.schedule(() -> events.add("timer"), Duration.ofMillis(200));
                c.close();
                c.execute(() -> events.add("task"));
            }

            @Override
            public void onClose(Connection c) {
                events.add("close");
            }
        };
        try (RunningServer running = RunningServer.start(server(kind, handler));
                LineClient client = new LineClient(running.address())) {
            client.send("x");
            await().atMost(Duration.ofSeconds(5)).until(client::atEndOfStream);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("close"));
            await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                    .until(() -> List.copyOf(events).equals(List.of("close")));
        }
    }

    // ------------------------------------------------------------------ C6

    @ParameterizedTest(name = "C6 large messages {0} {1}")
    @MethodSource("everyServerAndStyle")
    void c6_largeMessagesEchoIntact(ServerKind kind, HandlerFactory factory) throws Exception {
        BaseServer server = kind.create(factory, true);
        server.setGracePeriod(Duration.ofSeconds(2));
        int size = 256 * 1024;
        Random random = new Random(42);
        try (RunningServer running = RunningServer.start(server); Socket client = new Socket()) {
            client.connect(running.address(), 5000);
            client.setSoTimeout(30_000);
            OutputStream out = client.getOutputStream();
            DataInputStream in = new DataInputStream(client.getInputStream());
            for (int round = 0; round < 8; round++) {
                byte[] message = new byte[size];
                random.nextBytes(message);
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        out.write(message);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                byte[] echoed = new byte[size];
                in.readFully(echoed);
                writer.join();
                assertThat(Arrays.equals(echoed, message)).as("round %d intact", round).isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ C8

    static Stream<Arguments> everyServerAndFamily() {
        return Stream.of(ServerKind.values()).flatMap(kind -> Stream.of(Family.values())
                .map(family -> Arguments.of(kind, family)));
    }

    @ParameterizedTest(name = "C8 a burst of connections {0} {1}")
    @MethodSource("everyServerAndFamily")
    void c8_aBurstOfNewConnectionsIsAnsweredEveryOne(ServerKind kind, Family family) throws Exception {
        int burst = Runtime.getRuntime().availableProcessors() * 10 + 4;
        BaseServer server = kind.create(family.lineHandler(), true);
        server.setGracePeriod(Duration.ofSeconds(2));
        try (RunningServer running = RunningServer.start(server)) {
            List<LineClient> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < burst; i++) {
                    LineClient client = new LineClient(running.address(), Duration.ofSeconds(60));
                    client.send("hello " + i);
                    clients.add(client);
                }
                for (int i = 0; i < burst; i++) {
                    assertThat(clients.get(i).readLine()).isEqualTo("hello " + i);
                }
            } finally {
                for (LineClient client : clients) {
                    client.close();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.statistics().closed() == burst);
            assertThat(server.statistics().connections().active()).isZero();
        }
    }

    /** Echoes every byte: the event family. */
    public static final class LargeEchoEvent implements EventHandler {
        /** Makes the handler. */
        public LargeEchoEvent() {}

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(data);
            if (!connection.isWritable()) {
                connection.pauseReading();
            }
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) {
            if (writable) {
                connection.resumeReading();
            }
        }
    }

    /** Echoes every byte: the blocking family. */
    public static final class LargeEchoBlocking extends StreamRequestHandler {
        /** Makes the handler. */
        public LargeEchoBlocking() {}

        @Override
        public void handle() throws Exception {
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = rfile.read(buffer)) > 0) {
                wfile.write(buffer, 0, n);
            }
        }
    }
}
