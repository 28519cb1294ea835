package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.handlers.udp.EchoDatagramEventHandler;

/** The UDP load generator against an in-process echo server and against servers that misbehave. */
class UdpEchoLoadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Closer cleanup = new Closer();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.closeAll();
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-load-", "fake-udp-server");
    }

    private InetSocketAddress echoServer() throws IOException {
        BaseServer server = UdpServing.newServer(Strategy.SELECT, new InetSocketAddress("127.0.0.1", 0),
                EchoDatagramEventHandler.class);
        server.serverBind();
        server.serverActivate();
        Serving serving = Serving.start(server);
        cleanup.add(serving);
        return (InetSocketAddress) serving.server().serverAddress();
    }

    /** A server answering each datagram with {@code reply}'s result, or not at all when it gives null. */
    private InetSocketAddress fakeServer(UnaryOperator<ByteBuffer> reply) throws IOException {
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread thread = Thread.ofPlatform().daemon().name("fake-udp-server").start(() -> {
            ByteBuffer in = ByteBuffer.allocate(65_536);
            try {
                while (true) {
                    in.clear();
                    SocketAddress sender = channel.receive(in);
                    ByteBuffer out = reply.apply(in.flip());
                    if (out != null) {
                        channel.send(out, sender);
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        cleanup.add(() -> {
            channel.close();
            thread.join(WAIT);
        });
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private UdpEchoLoad open(InetSocketAddress target, int senders, int window, int size, int threads,
            Duration lossTimeout) throws IOException {
        UdpEchoLoad load = UdpEchoLoad.open(target, senders, window, size, threads, lossTimeout);
        cleanup.add(load);
        return load;
    }

    private static SelectorLoad.Result measure(SelectorLoad load, Duration window) throws Exception {
        load.start();
        load.awaitUnlessFailed(Duration.ofMillis(100));
        load.startMeasuring();
        load.awaitUnlessFailed(window);
        load.stopMeasuring();
        return load.awaitResult();
    }

    @Test
    void countsAndTimesTheMatchedRepliesOfTheMeasuredWindowAndLosesNoneOnLoopback() throws Exception {
        SelectorLoad.Result result = measure(open(echoServer(), 4, 8, 64, 2, WAIT), Duration.ofMillis(300));

        assertThat(result.requests()).isPositive();
        assertThat(result.latency().getTotalCount()).isEqualTo(result.requests());
        assertThat(result.lost()).isZero();
    }

    @Test
    void unansweredDatagramsAreCountedLostAndTheirSlotsGoOn() throws Exception {
        AtomicLong seen = new AtomicLong();
        InetSocketAddress everyOther = fakeServer(in -> seen.incrementAndGet() % 2 == 0 ? in : null);

        SelectorLoad.Result result = measure(open(everyOther, 1, 4, 16, 1, Duration.ofMillis(50)),
                Duration.ofMillis(500));

        assertThat(result.requests()).as("answered").isPositive();
        assertThat(result.lost()).as("lost").isPositive();
    }

    @Test
    void aReplyWithOtherBytesFailsTheLoad() throws Exception {
        UdpEchoLoad load = open(fakeServer(in -> {
            ByteBuffer out = ByteBuffer.allocate(in.remaining()).put(in).flip();
            out.put(out.limit() - 1, (byte) '!');
            return out;
        }), 1, 2, 32, 1, WAIT);

        load.start();
        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT))
                .isInstanceOf(IOException.class)
                .hasMessage("the server sent back other bytes than it was sent");
    }

    @Test
    void aReplyOfAnotherLengthFailsTheLoad() throws Exception {
        UdpEchoLoad load = open(fakeServer(in -> ByteBuffer.wrap(new byte[3])), 1, 1, 32, 1, WAIT);

        load.start();
        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT))
                .isInstanceOf(IOException.class)
                .hasMessage("the server answered a 32-byte datagram with 3 bytes");
    }

    @Test
    void refusesDatagramsTooShortForTheirSequenceNumber() {
        InetSocketAddress anywhere = new InetSocketAddress("127.0.0.1", 9);
        assertThatThrownBy(() -> UdpEchoLoad.open(anywhere, 1, 1, 7, 1, WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UdpEchoLoad.open(anywhere, 1, 1, 64, 2, WAIT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
