package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/**
 * A client that sends 50 MB to an echo handler and never reads the echo: the server must stop
 * reading (back-pressure through bounded queues and watermarks), so what it takes in stays far
 * below what was offered, and other clients are still served meanwhile.
 */
class BoundedMemoryTest {

    private static final long OFFERED = 50L * 1024 * 1024;
    /**
     * What the server may take in while the client reads nothing: the kernel's socket buffers
     * both ways (several MB each with autotuning) plus the server's own bounded queues.
     */
    private static final long BOUND = 24L * 1024 * 1024;

    static Object[][] cases() {
        return new Object[][] {
            {ServerKind.SELECT, HandlerFactory.of(BlockingEcho.class)},
            {ServerKind.SELECT, HandlerFactory.of(EventEcho.class)},
            {ServerKind.THREADING, HandlerFactory.of(BlockingEcho.class)},
            {ServerKind.HYBRID, HandlerFactory.of(BlockingEcho.class)},
            {ServerKind.HYBRID, HandlerFactory.of(EventEcho.class)},
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aClientThatNeverReadsCannotGrowTheServer(ServerKind kind, HandlerFactory echo) throws Exception {
        BaseServer server = kind.create(echo, true);
        server.setGracePeriod(Duration.ofMillis(200));
        try (RunningServer running = RunningServer.start(server);
                SocketChannel flooder = SocketChannel.open((InetSocketAddress) running.address())) {
            flooder.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long[] sent = {0};
            // Offer data until the client's writes stall for good: the server stopped reading.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long before = sent[0];
                int n;
                while (sent[0] < OFFERED && (n = flooder.write(chunk.clear())) > 0) {
                    sent[0] += n;
                }
                return sent[0] == before || sent[0] >= OFFERED;
            });
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(200))
                    .until(() -> {
                        long before = server.statistics().bytesIn();
                        int n;
                        while ((n = flooder.write(chunk.clear())) > 0) {
                            sent[0] += n;
                        }
                        return server.statistics().bytesIn() == before;
                    });
            assertThat(sent[0]).as("the server stopped reading before all was sent").isLessThan(OFFERED);
            assertThat(server.statistics().bytesIn()).isLessThan(BOUND);
            try (LineClient other = new LineClient(running.address())) {
                assertThat(other.call("still served")).isEqualTo("still served");
            }
        }
    }

    /** The blocking echo under test: copies rfile to wfile. */
    public static class BlockingEcho extends org.socketserver4j.core.handler.StreamRequestHandler {
        /** Makes it. */
        public BlockingEcho() {}

        @Override
        public void handle() throws Exception {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = rfile.read(buffer)) > 0) {
                wfile.write(buffer, 0, n);
            }
        }
    }

    /** The event echo under test: pauses reading while the connection is not writable. */
    public static class EventEcho implements org.socketserver4j.core.handler.EventHandler {
        /** Makes it. */
        public EventEcho() {}

        @Override
        public void onData(org.socketserver4j.core.handler.Connection c, ByteBuffer data) {
            c.write(data);
            if (!c.isWritable()) {
                c.pauseReading();
            }
        }

        @Override
        public void onWritabilityChanged(org.socketserver4j.core.handler.Connection c, boolean writable) {
            if (writable) {
                c.resumeReading();
            }
        }
    }
}
