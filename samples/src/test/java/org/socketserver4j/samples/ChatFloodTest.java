package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.handlers.chat.ChatHandler;
import org.socketserver4j.handlers.chat.ChatRoom;

/** The chat-flood client against an in-process chat server, with a flood small enough to fit in buffers. */
class ChatFloodTest {

    private Serving serving;

    @AfterEach
    void stop() {
        if (serving != null) {
            serving.close();
        }
        ThreadsLeft.awaitNoneNamed(Duration.ofSeconds(10), "chat-flood-");
    }

    @Test
    void aSmallFloodReachesTheReaderInOrderAndLeavesTheNonReaderConnected() throws Exception {
        ChatRoom room = new ChatRoom();
        serving = Serving.start(Strategy.SELECT.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.event(() -> new ChatHandler(room))));

        ChatFlood.Result result = ChatFlood.run(serving.address(), 200, Duration.ofSeconds(10));

        assertThat(result.sent()).isEqualTo(200);
        assertThat(result.received()).isEqualTo(200);
        assertThat(result.bGotAll()).isTrue();
        assertThat(result.bEnded()).isFalse();
        assertThat(result.receiveMillis()).isNotNegative();
        // 200 KB fits in C's socket buffers: no reason to disconnect it yet
        assertThat(result.cDisconnected()).isFalse();
        assertThat(result.cBacklogBytes()).isGreaterThanOrEqualTo(200L * ChatFlood.LINE_SIZE);
    }

    @Test
    void aServerThatNeverWelcomesFailsWithinTheTimeLimit() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ChatFlood.run((InetSocketAddress) silent.getLocalSocketAddress(), 10,
                    Duration.ofMillis(500)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("C was not welcomed");
        }
    }

    @Test
    void linesAreNumberedAndOfTheirSize() {
        assertThat(ChatFlood.line(42)).hasSize(ChatFlood.LINE_SIZE + 2);
        assertThat(new String(ChatFlood.line(42), 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("0000042 ");
    }
}
