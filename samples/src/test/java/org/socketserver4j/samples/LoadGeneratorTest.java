package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.handlers.EchoEventHandler;

/** The load generator against an in-process echo server and against servers that misbehave. */
class LoadGeneratorTest extends LoadTestSupport {

    private InetSocketAddress echoServer() throws IOException {
        Serving serving = Serving.start(Strategy.SELECT.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(EchoEventHandler.class)));
        cleanup.add(serving);
        return serving.address();
    }

    private LoadGenerator open(InetSocketAddress target, int connections, int messageSize, int threads)
            throws IOException {
        LoadGenerator load = LoadGenerator.open(target, connections, messageSize, threads, WAIT);
        cleanup.add(load);
        return load;
    }

    @Test
    void countsAndTimesOnlyTheRequestsOfTheMeasuredWindow() throws Exception {
        LoadGenerator load = open(echoServer(), 8, 64, 2);

        load.start();
        load.awaitUnlessFailed(Duration.ofMillis(100));
        load.startMeasuring();
        load.awaitUnlessFailed(Duration.ofMillis(200));
        load.stopMeasuring();
        LoadGenerator.Result result = load.awaitResult();

        assertThat(result.requests()).isPositive();
        assertThat(result.latency().getTotalCount()).isEqualTo(result.requests());
        assertThat(result.latency().getMinNonZeroValue()).isPositive();
    }

    @Test
    void withoutAMeasuredWindowNothingIsCounted() throws Exception {
        LoadGenerator load = open(echoServer(), 2, 64, 1);

        load.start();
        load.awaitUnlessFailed(Duration.ofMillis(100));
        load.stopMeasuring();

        assertThat(load.awaitResult().requests()).isZero();
    }

    @Test
    void messagesLargerThanTheSocketBuffersGoOutInPieces() throws Exception {
        LoadGenerator load = open(echoServer(), 2, 1 << 20, 1);

        load.start();
        load.startMeasuring();
        load.awaitUnlessFailed(Duration.ofMillis(300));
        load.stopMeasuring();

        assertThat(load.awaitResult().requests()).isPositive();
    }

    @Test
    void aServerThatSendsOtherBytesFailsTheLoadAtOnce() throws Exception {
        InetSocketAddress server = fakeServer(socket -> {
            InputStream in = socket.getInputStream();
            in.readNBytes(16);
            socket.getOutputStream().write(new byte[16]);
            in.read(); // until the client closes
        });
        LoadGenerator load = open(server, 1, 16, 1);

        load.start();

        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT.multipliedBy(3)))
                .isInstanceOf(IOException.class)
                .hasMessage("the server sent back other bytes than it was sent");
    }

    @Test
    void aServerThatClosesFailsTheLoadAtOnce() throws Exception {
        InetSocketAddress server = fakeServer(socket -> socket.getInputStream().readNBytes(3));
        LoadGenerator load = open(server, 1, 8, 1);

        load.start();

        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT.multipliedBy(3)))
                .isInstanceOf(IOException.class)
                .hasMessage("the server ended a connection (0 of 8 bytes of a response received)");
        load.stopMeasuring();
        assertThatThrownBy(load::awaitResult).isInstanceOf(IOException.class);
    }

    @Test
    void refusesNonsense() {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 9);
        assertThatThrownBy(() -> LoadGenerator.open(any, 1, 1, 2, WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadGenerator.open(any, 0, 1, 1, WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadGenerator.open(any, 1, 0, 1, WAIT)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A server of one connection that runs {@code conversation}, then closes it. */
    private InetSocketAddress fakeServer(FakeServer.Conversation conversation) throws IOException {
        return FakeServer.start(cleanup, "fake-server", WAIT, conversation);
    }
}
