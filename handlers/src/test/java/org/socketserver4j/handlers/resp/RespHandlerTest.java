package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketserver4j.handlers.resp.Resp.bytes;
import static org.socketserver4j.handlers.resp.Resp.command;
import static org.socketserver4j.handlers.resp.Resp.concat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.testing.FakeConnection;

/** The handler driven directly: pipelining, back-pressure, QUIT and protocol errors. */
class RespHandlerTest {

    private final RespStore store = new RespStore();

    private static void send(RespHandler handler, FakeConnection connection, byte[] bytes) {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        handler.onData(connection, data);
        assertThat(data.hasRemaining()).as("the handler consumes every byte it is given").isFalse();
    }

    @Test
    void answersEveryCommandOfAChunkInOrderInOneWrite() {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler(store, RespLimits.defaults());
        send(handler, connection, concat(command("SET", "a", "1"), bytes("INCR a\r\nPING\r\n"),
                command("GET", "a"), command("NOPE")));
        assertThat(connection.outputText()).isEqualTo("+OK\r\n:2\r\n+PONG\r\n$1\r\n2\r\n"
                + "-ERR unknown command 'NOPE', with args beginning with: \r\n");
        assertThat(connection.writes()).isEqualTo(1);
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void aCommandSplitOverChunksIsAnsweredOnceComplete() {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler(store, RespLimits.defaults());
        byte[] set = command("SET", "key", "value");
        send(handler, connection, java.util.Arrays.copyOfRange(set, 0, 10));
        assertThat(connection.writes()).isZero();
        send(handler, connection, java.util.Arrays.copyOfRange(set, 10, set.length));
        assertThat(connection.outputText()).isEqualTo("+OK\r\n");
    }

    @Test
    void quitRepliesOkClosesAndIgnoresWhatFollows() {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler(store, RespLimits.defaults());
        send(handler, connection, concat(bytes("PING\r\nQUIT\r\n"), command("SET", "after", "quit")));
        assertThat(connection.outputText()).isEqualTo("+PONG\r\n+OK\r\n");
        assertThat(connection.isOpen()).isFalse();
        send(handler, connection, command("SET", "later", "x"));
        assertThat(store.exists(bytes("after"))).isFalse();
        assertThat(store.exists(bytes("later"))).isFalse();
    }

    @Test
    void aFramingErrorIsAnsweredThenTheConnectionClosed() {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler(store, RespLimits.defaults().withMaxBulkLength(1024));
        send(handler, connection, concat(bytes("PING\r\n*2\r\n$3\r\nGET\r\n$1025\r\n")));
        assertThat(connection.outputText()).isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        assertThat(connection.isOpen()).isFalse();
        send(handler, connection, bytes("PING\r\n"));
        assertThat(connection.outputText()).endsWith("invalid bulk length\r\n");
    }

    @Test
    void anUnbalancedQuoteIsAFramingErrorToo() {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler(store, RespLimits.defaults());
        send(handler, connection, bytes("SET k \"v\r\n"));
        assertThat(connection.outputText()).isEqualTo("-ERR Protocol error: unbalanced quotes in request\r\n");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void endOfInputClosesTheConnection() {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler(store, RespLimits.defaults());
        send(handler, connection, bytes("PING\r\n"));
        handler.onInputClosed(connection);
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.outputText()).isEqualTo("+PONG\r\n");
    }

    @Test
    void aClientThatDoesNotReadMakesTheHandlerPauseNotBuffer() {
        int high = 64 * 1024;
        FakeConnection connection = new FakeConnection(high);
        RespHandler handler = new RespHandler(store, RespLimits.defaults());
        byte[] value = new byte[10_000];
        store.set(bytes("big"), value);
        int requests = 2000;
        byte[] get = command("GET", "big");
        ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
        for (int i = 0; i < requests; i++) {
            pipeline.writeBytes(get);
        }
        // all 2000 requests (20 MB of replies) arrive while the client reads nothing
        send(handler, connection, pipeline.toByteArray());
        assertThat(connection.readingPaused()).isTrue();
        long replySize = value.length + 9;
        long bound = high + RespHandler.FLUSH_THRESHOLD + replySize;
        assertThat(connection.mostQueued()).isLessThanOrEqualTo(bound);
        int answered = (int) (connection.output().length / replySize);
        assertThat(answered).isLessThan(requests);
        // nothing more is answered until the client reads, even if more bytes come
        handler.onWritabilityChanged(connection, false);
        assertThat(connection.output().length / replySize).isEqualTo(answered);
        int rounds = 0;
        while (connection.readingPaused()) {
            connection.clientReads();
            handler.onWritabilityChanged(connection, true);
            assertThat(connection.mostQueued()).isLessThanOrEqualTo(bound);
            assertThat(++rounds).isLessThan(requests);
        }
        assertThat(connection.resumes()).isEqualTo(1);
        List<Object> replies = ReplyReader.readAll(connection.output());
        assertThat(replies).hasSize(requests).allSatisfy(r -> assertThat((byte[]) r).isEqualTo(value));
    }

    @Test
    void endOfInputWhilePausedClosesOnceTheWaitingCommandsAreAnswered() {
        FakeConnection connection = new FakeConnection(100);
        RespHandler handler = new RespHandler(store, RespLimits.defaults());
        store.set(bytes("v"), new byte[200]);
        send(handler, connection, concat(command("GET", "v"), command("GET", "v"), command("PING")));
        assertThat(connection.readingPaused()).isTrue();
        handler.onInputClosed(connection);
        assertThat(connection.isOpen()).isTrue();
        while (connection.isOpen()) {
            connection.clientReads();
            handler.onWritabilityChanged(connection, true);
        }
        assertThat(ReplyReader.readAll(connection.output())).hasSize(3)
                .last().isEqualTo(new ReplyReader.Simple("PONG"));
    }

    @Test
    void theNoArgumentHandlerUsesTheSharedStore() {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler();
        String key = "RespHandlerTest-" + System.nanoTime();
        send(handler, connection, command("SET", key, "shared"));
        assertThat(RespStore.shared().get(bytes(key))).isEqualTo(bytes("shared"));
        RespStore.shared().delete(bytes(key));
    }
}
