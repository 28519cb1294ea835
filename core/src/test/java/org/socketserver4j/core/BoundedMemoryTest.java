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
 * below what was offered, and other clients are still served meanwhile. The flood goes on until
 * a steady state (nothing sent or read for a second), so a server that keeps reading without
 * bound reads all 50 MB and fails, however slowly it reads.
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
            Flood flood = new Flood(flooder, server);
            // Offer data until a steady state: neither what the client could send nor what the
            // server read grew over QUIET consecutive observations (a second or more), or
            // everything was taken in, which fails below. One quiet poll is not enough: a
            // busy machine can hold the server up for longer than that.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> flood.offerAndObserve(chunk));
            assertThat(flood.sent).as("the server stopped reading before all was sent").isLessThan(OFFERED);
            assertThat(server.statistics().bytesIn()).as("what the server took in").isLessThan(BOUND);
            try (LineClient other = new LineClient(running.address())) {
                assertThat(other.call("still served")).isEqualTo("still served");
            }
        }
    }

    /** Observations needed in a row, 100 ms apart, without growth: a steady state. */
    private static final int QUIET = 10;

    /** The client's side of the flood and what it has seen of the server. */
    private static final class Flood {
        private final SocketChannel channel;
        private final BaseServer server;
        long sent;
        private long lastSent = -1;
        private long lastRead = -1;
        private int quiet;

        Flood(SocketChannel channel, BaseServer server) {
            this.channel = channel;
            this.server = server;
        }

        /**
         * Writes what the socket takes without blocking, then observes; true once the flood
         * is steady (nothing more sent or read for {@link #QUIET} observations) or complete.
         */
        boolean offerAndObserve(ByteBuffer chunk) throws java.io.IOException {
            int n;
            while (sent < OFFERED && (n = channel.write(chunk.clear())) > 0) {
                sent += n;
            }
            long read = server.statistics().bytesIn();
            quiet = sent == lastSent && read == lastRead ? quiet + 1 : 0;
            lastSent = sent;
            lastRead = read;
            return quiet >= QUIET || sent >= OFFERED;
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
