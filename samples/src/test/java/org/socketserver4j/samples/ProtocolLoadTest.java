package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * The load generator speaking HTTP and RESP: against socketserver4j's servers and the Netty
 * references, in-process, every response checked; and against servers that answer wrongly.
 */
class ProtocolLoadTest extends LoadTestSupport {

    private InetSocketAddress server(String server, Protocol protocol) throws IOException {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        if (server.equals("netty")) {
            return cleanup.add(NettyEchoServer.start(any, 1, null, protocol)).address();
        }
        Strategy strategy = Strategy.valueOf(server);
        Serving serving = cleanup.add(Serving.start(strategy.newServer(any,
                HandlerFactory.of(protocol.handler().handlerClass(Style.EVENT)))));
        return serving.address();
    }

    private LoadGenerator open(InetSocketAddress target, Protocol protocol, int connections, int pipeline)
            throws IOException {
        return cleanup.add(LoadGenerator.open(target, connections, protocol.exchanges(target, 0, pipeline),
                Math.min(2, connections), 0, WAIT));
    }

    @ParameterizedTest
    @CsvSource({"SELECT, HTTP, 1", "THREADING, HTTP, 16", "HYBRID, HTTP, 1", "netty, HTTP, 1", "netty, HTTP, 16",
        "SELECT, RESP, 1", "HYBRID, RESP, 1", "netty, RESP, 1"})
    void everyResponseOfAMeasuredWindowIsCheckedAndCounted(String server, Protocol protocol, int pipeline)
            throws Exception {
        InetSocketAddress target = server(server, protocol);
        answersOnce(target, protocol);
        LoadGenerator load = open(target, protocol, 3, pipeline);

        load.start();
        load.awaitUnlessFailed(Duration.ofMillis(100));
        load.startMeasuring();
        load.awaitUnlessFailed(Duration.ofMillis(200));
        load.stopMeasuring();
        SelectorLoad.Result result = load.awaitResult();

        assertThat(result.requests()).isPositive();
        assertThat(result.latency().getTotalCount()).isEqualTo(result.requests());
        if (pipeline > 1) {
            assertThat(result.requests() % pipeline).as("whole batches").isZero();
        }
    }

    /**
     * Sends {@code target} one request and reads its checked response, over a blocking socket: a
     * server whose first answer takes long (loading its classes) answers the load at once.
     */
    private static void answersOnce(InetSocketAddress target, Protocol protocol) throws IOException {
        Exchange exchange = protocol.exchanges(target, 0, 1).create(0, new SplittableRandom(1));
        try (SocketChannel channel = SocketChannel.open(target)) {
            channel.socket().setSoTimeout((int) WAIT.toMillis());
            channel.write(exchange.request());
            ByteBuffer in = ByteBuffer.allocate(exchange.maxResponseBytes());
            InputStream stream = channel.socket().getInputStream();
            int got;
            while ((got = stream.read(in.array(), in.position(), in.remaining())) > 0) {
                in.position(in.position() + got).flip();
                if (exchange.read(in, 1) == 1) {
                    return;
                }
                in.position(in.limit()).limit(in.capacity());
            }
            throw new IOException("no answer from " + target);
        }
    }

    @Test
    void aRespServerThatAnswersAnErrorFailsTheLoadNamingTheCommand() throws Exception {
        InetSocketAddress server = FakeServer.start(cleanup, "fake-server", WAIT,
                FakeServer.answering("-ERR unknown command\r\n"));
        LoadGenerator load = open(server, Protocol.RESP, 1, 1);

        load.start();

        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT.multipliedBy(3)))
                .isInstanceOf(IOException.class)
                .hasMessage("expected '+PONG\\r\\n' in answer to PING, got '-ERR unknown command\\r\\n'");
    }

    @Test
    void aResponseLongerThanTheBoundFailsTheLoadInsteadOfBufferingIt() throws Exception {
        InetSocketAddress server = FakeServer.start(cleanup, "fake-server", WAIT, socket -> {
            socket.getInputStream().read();
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 2_000; i++) {
                out.write("X-Padding: 0123456789\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            socket.getInputStream().read(); // until the client closes
        });
        LoadGenerator load = open(server, Protocol.HTTP, 1, 1);

        load.start();

        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT.multipliedBy(3)))
                .isInstanceOf(IOException.class)
                .hasMessage("a response is longer than " + HttpExchange.MAX_RESPONSE_BYTES + " bytes, the most this"
                        + " load generator reads of one: 'HTTP/1.1 200 OK\\r\\n'");
    }

    @Test
    void moreResponsesThanAskedForFailTheLoad() throws Exception {
        InetSocketAddress server = FakeServer.start(cleanup, "fake-server", WAIT,
                FakeServer.answering("+PONG\r\n+PONG\r\n"));
        LoadGenerator load = open(server, Protocol.RESP, 1, 1);

        load.start();

        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT.multipliedBy(3)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'+PONG\\r\\n'");
    }

    @Test
    void anHttpServerThatClosesAfterAResponseFailsTheLoadSayingWhatCameOfTheNext() throws Exception {
        InetSocketAddress server = FakeServer.start(cleanup, "fake-server", WAIT, socket -> {
            socket.getInputStream().read();
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!HTTP/1.1"
                    .getBytes(StandardCharsets.US_ASCII));
        });
        LoadGenerator load = open(server, Protocol.HTTP, 1, 2);

        load.start();

        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT.multipliedBy(3)))
                .isInstanceOf(IOException.class)
                .hasMessage("the server ended a connection (8 bytes of a response received)");
    }
}
