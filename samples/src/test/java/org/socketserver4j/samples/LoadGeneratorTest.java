package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
    @Test
    void anAnsweredConnectionWaitsForEveryOthersFirstReplyBeforeItsNextRequest() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(listener);
        AtomicInteger firstRequests = new AtomicInteger();
        CountDownLatch answerTheSecond = new CountDownLatch(1);
        List<Thread> echoes = new ArrayList<>();
        cleanup.add(() -> {
            answerTheSecond.countDown();
            for (Thread echo : echoes) {
                echo.join(WAIT);
            }
        });
        LoadGenerator load = open((InetSocketAddress) listener.getLocalSocketAddress(), 2, 16, 1);
        Socket first = listener.accept();
        Socket second = listener.accept();
        cleanup.add(first);
        cleanup.add(second);
        echoes.add(Thread.ofPlatform().name("fake-server-1").start(() -> echo(first, firstRequests, null)));
        echoes.add(Thread.ofPlatform().name("fake-server-2").start(() -> echo(second, null, answerTheSecond)));

        load.start();
        await().atMost(WAIT).until(() -> firstRequests.get() == 1);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> firstRequests.get() == 1);
        answerTheSecond.countDown();
        load.awaitFirstReplies(WAIT);

        await().atMost(WAIT).until(() -> firstRequests.get() > 1);
    }

    /**
     * Echoes 16-byte requests on {@code socket}, counting them in {@code requests} (if given),
     * the first reply held until {@code before} (if given) opens; until the client closes.
     */
    private static void echo(Socket socket, AtomicInteger requests, CountDownLatch before) {
        try {
            socket.setSoTimeout((int) WAIT.toMillis());
            InputStream in = socket.getInputStream();
            byte[] request;
            while ((request = in.readNBytes(16)).length == 16) {
                if (before != null) {
                    before.await();
                }
                if (requests != null) {
                    requests.incrementAndGet();
                }
                socket.getOutputStream().write(request);
            }
        } catch (IOException | InterruptedException e) {
            // the client closed
        }
    }

    private InetSocketAddress fakeServer(FakeServer.Conversation conversation) throws IOException {
        return FakeServer.start(cleanup, "fake-server", WAIT, conversation);
    }
}
