package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/**
 * End to end on HybridServer (two worker reactors): every command through the real
 * redis-cli, checking its output exactly; and, over a raw socket, inline commands, deep
 * pipelines, a client slower than its replies, and framing errors.
 */
@Timeout(60)
class RespRedisCliTest {

    private final RespStore store = new RespStore();
    /** Every byte the server received, per connection in order, as ISO-8859-1 text. */
    private final Queue<StringBuilder> received = new ConcurrentLinkedQueue<>();
    private RunningServer running;

    @BeforeEach
    void start() throws IOException {
        HandlerFactory factory = HandlerFactory.event(
                () -> new Recording(new RespHandler(store, RespLimits.defaults()), received));
        running = RunningServer.start(ServerKind.HYBRID.create(factory, true));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    /** redis-cli's output for one command; it must succeed and print nothing on stderr. */
    private String cli(String... arguments) throws Exception {
        RedisTools.Result result = RedisTools.cli(running.address(), arguments);
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        return result.stdout();
    }

    @Test
    void pingAndEcho() throws Exception {
        assertThat(cli("PING")).isEqualTo("PONG\n");
        assertThat(cli("PING", "hello world")).isEqualTo("\"hello world\"\n");
        assertThat(cli("ECHO", "a b")).isEqualTo("\"a b\"\n");
    }

    @Test
    void setAndGetWithEveryOption() throws Exception {
        assertThat(cli("SET", "k", "v")).isEqualTo("OK\n");
        assertThat(cli("GET", "k")).isEqualTo("\"v\"\n");
        assertThat(cli("GET", "missing")).isEqualTo("(nil)\n");
        assertThat(cli("SET", "k", "w", "NX")).isEqualTo("(nil)\n");
        assertThat(cli("SET", "k", "w", "XX")).isEqualTo("OK\n");
        assertThat(cli("GET", "k")).isEqualTo("\"w\"\n");
        assertThat(cli("SET", "n", "v", "XX")).isEqualTo("(nil)\n");
        assertThat(cli("SET", "n", "v", "NX")).isEqualTo("OK\n");
        assertThat(cli("SET", "e", "v", "EX", "100")).isEqualTo("OK\n");
        assertThat(cli("TTL", "e")).isEqualTo("(integer) 100\n");
        assertThat(cli("SET", "p", "v", "PX", "100000")).isEqualTo("OK\n");
        assertThat(cli("TTL", "p")).isEqualTo("(integer) 100\n");
        assertThat(cli("SET", "x", "v", "EX", "0")).isEqualTo("(error) ERR invalid expire time in 'set' command\n");
        assertThat(cli("SET", "x", "v", "NX", "XX")).isEqualTo("(error) ERR syntax error\n");
        assertThat(cli("SET", "x", "v", "EX", "soon")).isEqualTo("(error) ERR value is not an integer or out of range\n");
    }

    @Test
    void aKeyWithAShortExpiryDisappears() throws Exception {
        assertThat(cli("SET", "short", "v", "PX", "150")).isEqualTo("OK\n");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> cli("GET", "short").equals("(nil)\n"));
        assertThat(cli("EXISTS", "short")).isEqualTo("(integer) 0\n");
    }

    @Test
    void delExistsMsetAndMget() throws Exception {
        assertThat(cli("MSET", "a", "1", "b", "2")).isEqualTo("OK\n");
        assertThat(cli("MGET", "a", "nope", "b")).isEqualTo("1) \"1\"\n2) (nil)\n3) \"2\"\n");
        assertThat(cli("EXISTS", "a", "b", "c")).isEqualTo("(integer) 2\n");
        assertThat(cli("DEL", "a", "c")).isEqualTo("(integer) 1\n");
        assertThat(cli("EXISTS", "a")).isEqualTo("(integer) 0\n");
        assertThat(cli("MSET", "a")).isEqualTo("(error) ERR wrong number of arguments for 'mset' command\n");
    }

    @Test
    void counters() throws Exception {
        assertThat(cli("INCR", "c")).isEqualTo("(integer) 1\n");
        assertThat(cli("INCRBY", "c", "41")).isEqualTo("(integer) 42\n");
        assertThat(cli("DECR", "c")).isEqualTo("(integer) 41\n");
        assertThat(cli("GET", "c")).isEqualTo("\"41\"\n");
        assertThat(cli("SET", "s", "abc")).isEqualTo("OK\n");
        assertThat(cli("INCR", "s")).isEqualTo("(error) ERR value is not an integer or out of range\n");
        assertThat(cli("INCRBY", "c", "x")).isEqualTo("(error) ERR value is not an integer or out of range\n");
    }

    @Test
    void expireAndTtl() throws Exception {
        assertThat(cli("SET", "k", "v")).isEqualTo("OK\n");
        assertThat(cli("TTL", "k")).isEqualTo("(integer) -1\n");
        assertThat(cli("EXPIRE", "k", "100")).isEqualTo("(integer) 1\n");
        assertThat(cli("TTL", "k")).isEqualTo("(integer) 100\n");
        assertThat(cli("EXPIRE", "nope", "100")).isEqualTo("(integer) 0\n");
        assertThat(cli("TTL", "nope")).isEqualTo("(integer) -2\n");
    }

    @Test
    void dbsizeAndFlushall() throws Exception {
        assertThat(cli("MSET", "a", "1", "b", "2", "c", "3")).isEqualTo("OK\n");
        assertThat(cli("DBSIZE")).isEqualTo("(integer) 3\n");
        assertThat(cli("FLUSHALL")).isEqualTo("OK\n");
        assertThat(cli("DBSIZE")).isEqualTo("(integer) 0\n");
    }

    @Test
    void commandIsEnoughForRedisCliToStart() throws Exception {
        assertThat(cli("COMMAND", "COUNT")).isEqualTo("(integer) " + RespCommands.names().size() + "\n");
        assertThat(cli("COMMAND", "DOCS")).isEqualTo("(empty array)\n");
        // reading commands from stdin, redis-cli first sends COMMAND DOCS, as at an interactive start
        RedisTools.Result session = RedisTools.cliWithInput(running.address(), "PING\nSET k v\nGET k\n");
        assertThat(session.exitCode()).isZero();
        assertThat(session.stderr()).isEmpty();
        assertThat(session.stdout()).isEqualTo("PONG\nOK\n\"v\"\n");
        assertThat(received).map(StringBuilder::toString)
                .anySatisfy(connection -> assertThat(connection).startsWith("*2\r\n$7\r\nCOMMAND\r\n$4\r\nDOCS\r\n"));
    }

    @Test
    void errorsForUnknownCommandsAndWrongArity() throws Exception {
        assertThat(cli("FOO", "a", "b")).isEqualTo("(error) ERR unknown command 'FOO', with args beginning with: 'a' 'b' \n");
        assertThat(cli("GET")).isEqualTo("(error) ERR wrong number of arguments for 'get' command\n");
        assertThat(cli("GET", "a", "b")).isEqualTo("(error) ERR wrong number of arguments for 'get' command\n");
    }

    @Test
    void listsThroughRedisCli() throws Exception {
        assertThat(cli("RPUSH", "l", "a", "b c", "d")).isEqualTo("(integer) 3\n");
        assertThat(cli("LPUSH", "l", "z")).isEqualTo("(integer) 4\n");
        assertThat(cli("LRANGE", "l", "1", "-2")).isEqualTo("1) \"a\"\n2) \"b c\"\n");
        assertThat(cli("LPOP", "l", "2")).isEqualTo("1) \"z\"\n2) \"a\"\n");
        assertThat(cli("RPOP", "l")).isEqualTo("\"d\"\n");
        assertThat(cli("LLEN", "l")).isEqualTo("(integer) 1\n");
        assertThat(cli("TYPE", "l")).isEqualTo("list\n");
        assertThat(cli("GET", "l")).isEqualTo("(error) WRONGTYPE Operation against a key holding the wrong kind of value\n");
        assertThat(cli("LPOP", "l")).isEqualTo("\"b c\"\n");
        assertThat(cli("LRANGE", "l", "0", "-1")).isEqualTo("(empty array)\n");
        assertThat(cli("TYPE", "l")).isEqualTo("none\n");
    }

    @Test
    void setsAndHashesThroughRedisCli() throws Exception {
        assertThat(cli("SADD", "s", "only")).isEqualTo("(integer) 1\n");
        assertThat(cli("SMEMBERS", "s")).isEqualTo("1) \"only\"\n");
        assertThat(cli("SISMEMBER", "s", "only")).isEqualTo("(integer) 1\n");
        assertThat(cli("SPOP", "s")).isEqualTo("\"only\"\n");
        assertThat(cli("SCARD", "s")).isEqualTo("(integer) 0\n");
        assertThat(cli("HSET", "h", "name", "ada", "year", "1815")).isEqualTo("(integer) 2\n");
        assertThat(cli("HGET", "h", "name")).isEqualTo("\"ada\"\n");
        assertThat(cli("HGETALL", "h")).isEqualTo("1) \"name\"\n2) \"ada\"\n3) \"year\"\n4) \"1815\"\n");
        assertThat(cli("HDEL", "h", "name", "year")).isEqualTo("(integer) 2\n");
        assertThat(cli("EXISTS", "h")).isEqualTo("(integer) 0\n");
    }

    @Test
    void sortedSetsAndStreamsThroughRedisCli() throws Exception {
        assertThat(cli("ZADD", "z", "2", "b", "1.5", "a", "-inf", "c")).isEqualTo("(integer) 3\n");
        assertThat(cli("ZRANGE", "z", "0", "-1", "WITHSCORES"))
                .isEqualTo("1) \"c\"\n2) \"-inf\"\n3) \"a\"\n4) \"1.5\"\n5) \"b\"\n6) \"2\"\n");
        assertThat(cli("ZSCORE", "z", "a")).isEqualTo("\"1.5\"\n");
        assertThat(cli("ZPOPMIN", "z", "2")).isEqualTo("1) \"c\"\n2) \"-inf\"\n3) \"a\"\n4) \"1.5\"\n");
        assertThat(cli("ZCARD", "z")).isEqualTo("(integer) 1\n");
        assertThat(cli("ZADD", "z", "x", "a")).isEqualTo("(error) ERR value is not a valid float\n");
        assertThat(cli("XADD", "x", "1-1", "f", "v")).isEqualTo("\"1-1\"\n");
        assertThat(cli("XADD", "x", "1-1", "f", "v"))
                .isEqualTo("(error) ERR The ID specified in XADD is equal or smaller than the target stream top item\n");
        assertThat(cli("XADD", "x", "*", "f", "v")).matches("\"[0-9]{13}-0\"\n");
        assertThat(cli("XLEN", "x")).isEqualTo("(integer) 2\n");
        assertThat(cli("TYPE", "x")).isEqualTo("stream\n");
    }

    @Test
    void quitRepliesOk() throws Exception {
        assertThat(cli("QUIT")).isEqualTo("OK\n");
    }

    // ---- over a raw socket

    @Test
    void inlineAndArrayCommandsPipelinedInOneWriteAreAnsweredInOrder() throws Exception {
        StringBuilder requests = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            requests.append(i % 2 == 0 ? "INCR p\r\n" : "*2\r\n$4\r\nINCR\r\n$1\r\np\r\n");
            expected.append(':').append(i).append("\r\n");
        }
        requests.append("ECHO \"two words\"\nGET p\r\n");
        expected.append("$9\r\ntwo words\r\n$4\r\n5000\r\n");
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes(requests.toString()));
            assertThat(Resp.text(readExactly(socket.getInputStream(), expected.length())))
                    .isEqualTo(expected.toString());
        }
    }

    @Test
    void aClientThatReadsLateStillGetsEveryReplyWhole() throws Exception {
        byte[] value = new byte[1 << 20];
        new java.util.Random(7).nextBytes(value);
        store.set(bytes("big"), value);
        int requests = 48;
        long before = running.server().statistics().writeStalls();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("GET big\r\n".repeat(requests)));
            // 48 MiB of replies: the socket buffers fill up and the server stops writing (and reading)
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> running.server().statistics().writeStalls() > before);
            byte[] header = bytes("$" + value.length + "\r\n");
            InputStream in = socket.getInputStream();
            for (int i = 0; i < requests; i++) {
                assertThat(readExactly(in, header.length)).isEqualTo(header);
                assertThat(readExactly(in, value.length)).isEqualTo(value);
                assertThat(readExactly(in, 2)).isEqualTo(bytes("\r\n"));
            }
            socket.getOutputStream().write(bytes("PING\r\n"));
            assertThat(Resp.text(readExactly(in, 7))).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aBulkLengthOverTheMaximumIsAnsweredThenTheConnectionClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("PING\r\n*2\r\n$3\r\nGET\r\n$999999999999\r\n"));
            assertThat(Resp.text(socket.getInputStream().readAllBytes()))
                    .isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        }
    }

    @Test
    void aBadTypeByteIsAnsweredThenTheConnectionClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("*1\r\n:1\r\n"));
            assertThat(Resp.text(socket.getInputStream().readAllBytes()))
                    .isEqualTo("-ERR Protocol error: expected '$', got ':'\r\n");
        }
    }

    /** An event handler that records what its connection receives, then hands it on. */
    private static final class Recording implements EventHandler {
        private final EventHandler handler;
        private final StringBuilder bytes = new StringBuilder();

        Recording(EventHandler handler, Queue<StringBuilder> all) {
            this.handler = handler;
            all.add(bytes);
        }

        @Override
        public void onOpen(Connection connection) throws Exception {
            handler.onOpen(connection);
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) throws Exception {
            ByteBuffer copy = data.duplicate();
            synchronized (bytes) {
                while (copy.hasRemaining()) {
                    bytes.append((char) (copy.get() & 0xff));
                }
            }
            handler.onData(connection, data);
        }

        @Override
        public void onInputClosed(Connection connection) throws Exception {
            handler.onInputClosed(connection);
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) throws Exception {
            handler.onWritabilityChanged(connection, writable);
        }

        @Override
        public void onClose(Connection connection) throws Exception {
            handler.onClose(connection);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(running.address(), 5000);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        byte[] chunk = new byte[Math.min(n, 64 * 1024)];
        while (out.size() < n) {
            int read = in.read(chunk, 0, Math.min(chunk.length, n - out.size()));
            if (read < 0) {
                throw new IOException("end of stream after " + out.size() + " of " + n + " bytes: "
                        + Resp.text(out.toByteArray()));
            }
            out.write(chunk, 0, read);
        }
        return out.toByteArray();
    }
}
