package org.socketserver4j.handlers.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;

/** Three members across two worker reactors, and a slow reader shown the door. */
class ChatTest {

    private static HybridServer twoWorkers(ChatRoom room) throws Exception {
        HybridServer server = new HybridServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.event(() -> new ChatHandler(room)));
        server.setWorkers(2);
        server.setGracePeriod(Duration.ofMillis(300));
        return server;
    }

    private static LineClient join(RunningServer running, String nickname) throws Exception {
        LineClient client = new LineClient(running.address());
        assertThat(client.readLine()).isEqualTo("Welcome! Your nickname?");
        client.send(nickname);
        assertThat(client.readLine()).startsWith("* welcome, " + nickname);
        return client;
    }

    @Test
    void threeMembersOnTwoWorkersTalk() throws Exception {
        ChatRoom room = new ChatRoom();
        HybridServer server = twoWorkers(room);
        try (RunningServer running = RunningServer.start(server);
                LineClient alice = join(running, "alice");
                LineClient bob = join(running, "bob")) {
            assertThat(alice.readLine()).isEqualTo("* bob joined");
            try (LineClient carol = join(running, "carol")) {
                assertThat(server.connectionsPerWorker()).containsExactly(2, 1);
                assertThat(alice.readLine()).isEqualTo("* carol joined");
                assertThat(bob.readLine()).isEqualTo("* carol joined");

                alice.send("hello from worker 0");
                assertThat(bob.readLine()).isEqualTo("<alice> hello from worker 0");
                assertThat(carol.readLine()).isEqualTo("<alice> hello from worker 0");

                bob.send("/nick robert");
                assertThat(alice.readLine()).isEqualTo("* bob is now robert");
                assertThat(carol.readLine()).isEqualTo("* bob is now robert");
                assertThat(bob.readLine()).isEqualTo("* bob is now robert");

                carol.send("/who");
                assertThat(carol.readLine()).isEqualTo("* here: alice, carol, robert");
                carol.send("alice");
                carol.send("/quit");
                assertThat(carol.readLine()).isEqualTo("* bye");
            }
            assertThat(alice.readLine()).isEqualTo("<carol> alice");
            assertThat(alice.readLine()).isEqualTo("* carol left");
            assertThat(room.nicknames()).containsExactly("alice", "robert");
        }
    }

    @Test
    void aMemberWhoDoesNotReadIsDisconnectedAndHoldsUpNoOne() throws Exception {
        ChatRoom room = new ChatRoom();
        HybridServer server = twoWorkers(room);
        try (RunningServer running = RunningServer.start(server);
                LineClient talker = join(running, "talker");
                LineClient listener = join(running, "listener");
                Socket sleeper = new Socket()) {
            sleeper.setReceiveBufferSize(4096);
            sleeper.connect(running.address(), 5000);
            sleeper.getOutputStream().write("sleeper\n".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).until(() -> room.nicknames().contains("sleeper"));
            String big = "x".repeat(900);
            int sent = 0;
            int received = 0;
            while (room.nicknames().contains("sleeper") && sent < 20_000) {
                talker.send(big);
                sent++;
                String line = listener.readLine();
                assertThat(line).isIn("<talker> " + big, "* sleeper joined", "* sleeper left (too slow)");
                if (line.equals("<talker> " + big)) {
                    received++;
                }
            }
            assertThat(room.nicknames()).containsExactly("listener", "talker");
            talker.send("after");
            String line;
            while (!"<talker> after".equals(line = listener.readLine())) {
                assertThat(line).as("the listener's stream ended before \"after\"").isNotNull();
                assertThat(line).isIn("<talker> " + big, "* sleeper joined", "* sleeper left (too slow)");
                if (line.equals("<talker> " + big)) {
                    received++;
                }
            }
            assertThat(received).as("a reading member gets every line").isEqualTo(sent);
        }
    }
}
