package org.socketserver4j.handlers.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/**
 * docs/CONFORMANCE.md case C5 on every server kind: a chat room flooded by one member, with a
 * member that reads everything, one that never reads, and one that reads slowly but steadily.
 * Under FORKING every connection is its own process and so its own room: there is no room to
 * flood, and the cases are skipped.
 */
class ChatFloodTest {

    private static final int FLOOD_LINES = 10_000;
    /**
     * The flood of the test in which a member that never reads is dropped: about 30 MB, three
     * times what the kernel's buffers (up to 4 MiB) and the room's hard cap (4 MiB past the
     * high watermark) hold for it, so that lines go on after it is dropped even when its own
     * thread takes it as behind a few hundred milliseconds late (the cap counts from then): with
     * 10 MB a loaded CI machine once let it receive every line before the drop.
     */
    private static final int DROP_FLOOD_LINES = 30_000;
    /** 1,000 bytes with the index first, so order can be checked; 1,001 with the newline. */
    private static final String FILLER = "x".repeat(995);

    private final ExecutorService clients = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdownNow();
        assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).as("client threads end").isTrue();
    }

    private static void assumeOneRoom(ServerKind kind) {
        assumeTrue(kind.handlersInProcess(),
                "FORKING: every connection is a process of its own with a room of its own; there is no shared room");
    }

    private static BaseServer chatServer(ServerKind kind, ChatRoom room) throws IOException {
        BaseServer server = kind.create(HandlerFactory.event(() -> new ChatHandler(room)), true);
        server.setGracePeriod(Duration.ofMillis(300));
        return server;
    }

    private static String line(int i) {
        return String.format("%05d", i) + FILLER;
    }

    /** Connects (with a small receive buffer when {@code receiveBuffer > 0}) and joins. */
    private static LineClient join(SocketAddress address, String nickname, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(address, 5000);
        LineClient client = LineClient.over(socket);
        assertThat(client.readLine()).isEqualTo("Welcome! Your nickname?");
        client.send(nickname);
        assertThat(client.readLine()).startsWith("* welcome, " + nickname);
        return client;
    }

    /** Sends lines {@code 0..n-1} as fast as the socket takes them. */
    private static Void flood(LineClient sender, int n) throws IOException {
        OutputStream out = new BufferedOutputStream(sender.socket().getOutputStream(), 64 * 1024);
        for (int i = 0; i < n; i++) {
            out.write((line(i) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        return null;
    }

    /** Reads until line {@code n-1} of the flood; fails on a flood line out of order; returns the rest. */
    private static List<String> readFlood(LineClient reader, int n) throws IOException {
        List<String> others = new ArrayList<>();
        int next = 0;
        while (next < n) {
            next = readOne(reader, next, others);
        }
        return others;
    }

    /** Reads one line: a flood line must be line {@code next}; returns the next one expected. */
    private static int readOne(LineClient reader, int next, List<String> others) throws IOException {
        String got = reader.readLine();
        if (got == null) {
            fail("the reader's stream ended after " + next + " flood lines; also got " + others);
        }
        if (got.startsWith("<alice> ")) {
            assertThat(got).as("flood line %d, in order", next).isEqualTo("<alice> " + line(next));
            return next + 1;
        }
        others.add(got);
        return next;
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void aFloodReachesEveryReaderWhileOneThatNeverReadsIsDropped(ServerKind kind) throws Exception {
        assumeOneRoom(kind);
        ChatRoom room = new ChatRoom();
        BaseServer server = chatServer(kind, room);
        try (RunningServer running = RunningServer.start(server);
                LineClient alice = join(running.address(), "alice", 0);
                LineClient bob = join(running.address(), "bob", 0);
                Socket carol = new Socket()) {
            carol.setReceiveBufferSize(4096);
            carol.connect(running.address(), 5000);
            carol.getOutputStream().write("carol\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> room.nicknames().contains("carol"));
            assertThat(bob.readLine()).isEqualTo("* carol joined");

            Future<List<String>> bobReads = clients.submit(() -> readFlood(bob, DROP_FLOOD_LINES));
            Future<Void> aliceSends = clients.submit(() -> flood(alice, DROP_FLOOD_LINES));

            // generous bounds: they catch a stall, they do not measure speed
            aliceSends.get(60, TimeUnit.SECONDS);
            List<String> notices = new ArrayList<>(bobReads.get(60, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> room.nicknames().equals(List.of("alice", "bob")));
            alice.send("done");
            String got;
            do {
                got = bob.readLine();
                assertThat(got).as("bob's stream ended before \"done\"").isNotNull();
                notices.add(got);
            } while (!got.equals("<alice> done"));
            assertThat(notices).as("bob's lines besides the flood")
                    .containsExactly("* carol left (too slow)", "<alice> done");

            LineClient carolReads = LineClient.over(carol);
            String last = null;
            int floodLines = 0;
            while ((got = carolReads.readLine()) != null) {
                last = got;
                if (got.startsWith("<alice> ")) {
                    floodLines++;
                }
            }
            assertThat(last).as("carol's last line, then end of stream")
                    .startsWith("! disconnected: too slow, messages are piling up");
            assertThat(floodLines).isLessThan(DROP_FLOOD_LINES);
            assertThat(server.statistics().outboundOverflows()).as("the room, not the server's cap, acted").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void aMemberThatReadsSlowlyButSteadilyStays(ServerKind kind) throws Exception {
        assumeOneRoom(kind);
        // hold and soft periods far longer than any pause here, even on a loaded machine: this
        // proves the mechanism (the sender is held, the steady reader kept); the default
        // periods are ChatRoomPolicyTest's, on made-up time
        ChatRoom room = new ChatRoom(Duration.ofSeconds(30), Duration.ofSeconds(30),
                ChatRoom.DEFAULT_HARD_LIMIT_BYTES);
        // more than the kernel's buffers hold (up to 4 MiB on a send buffer), so bob falls behind
        int lines = FLOOD_LINES;
        // bob reads bursts of about 2 MB, pausing between them: each burst is more than the third
        // of a send buffer after which Linux takes more from the server, so every time bob falls
        // behind he catches up well within the hold period, as a slow but steady reader does
        int burst = 2000;
        // every byte the clients send: the two nicknames and the flood
        long everything = "alice\n".length() + "bob\n".length() + (long) lines * (line(0).length() + 1);
        BaseServer server = chatServer(kind, room);
        try (RunningServer running = RunningServer.start(server);
                LineClient alice = join(running.address(), "alice", 0);
                LineClient bob = join(running.address(), "bob", 8 * 1024)) {
            Future<Void> aliceSends = clients.submit(() -> flood(alice, lines));
            List<String> others = new ArrayList<>();
            int next = 0;
            int pausesBehind = 0;
            while (next < lines) {
                int end = Math.min(lines, next + burst);
                while (next < end) {
                    next = readOne(bob, next, others);
                }
                if (server.statistics().bytesIn() < everything) {
                    // a pause well within the hold period, long enough for the room to see bob
                    // behind, unless the server has read the whole flood (then bob may never be)
                    await().pollDelay(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(10))
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> room.behind().contains("bob") || server.statistics().bytesIn() >= everything);
                    if (room.behind().contains("bob")) {
                        pausesBehind++;
                    }
                }
            }
            aliceSends.get(60, TimeUnit.SECONDS);
            assertThat(others).as("bob's lines besides the flood").isEmpty();
            assertThat(room.nicknames()).containsExactly("alice", "bob");
            assertThat(pausesBehind).as("bob fell behind while pausing (the case tests something)").isPositive();
        }
    }
}
