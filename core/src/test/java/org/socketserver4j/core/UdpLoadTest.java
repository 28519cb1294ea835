package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.datagram.DatagramOptions;
import org.socketserver4j.core.testing.DatagramKinds;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.UdpClient;
import org.socketserver4j.core.testing.UdpEcho;

/**
 * UDP under load and at the limits, on every server kind that serves UDP: 10,000 datagrams
 * from 8 concurrent senders, a 60,000-byte datagram, and socat as a client nobody here wrote.
 */
class UdpLoadTest {

    private static final Logger log = LoggerFactory.getLogger(UdpLoadTest.class);
    /** The server's SO_RCVBUF in the load case (Linux doubles it, up to net.core.rmem_max). */
    static final int RECEIVE_BUFFER = 1 << 20;
    private static final int SENDERS = 8;
    private static final int PER_SENDER = 1250;
    /**
     * Whether the long runs are asked for ({@code ./run test -Dsoak=true}): FORKING then takes
     * the full 10,000 datagrams too, a JVM each (about ten minutes on 2 cores).
     */
    static final boolean SOAK = Boolean.getBoolean("soak");
    /**
     * Under FORKING every datagram starts a JVM: in the normal run 8 senders send 10 each there
     * (80 JVMs); with {@link #SOAK}, the full share.
     */
    private static final int PER_SENDER_FORKING = SOAK ? PER_SENDER : 10;
    /** Requests a sender keeps in flight: 8 x 32 small datagrams never fill a 1 MiB buffer. */
    private static final int WINDOW = 32;

    static List<ServerKind> kinds() {
        return DatagramKinds.serving();
    }

    /**
     * Each sender keeps at most {@link #WINDOW} requests outstanding; every reply must match a
     * request of its own sender that is still outstanding, and a request whose reply has not
     * come within a second of the last one is counted lost. With this window and buffer no
     * loss is expected on loopback: any loss must show as a kernel or reply drop.
     */
    @ParameterizedTest(name = "10,000 datagrams from 8 senders (80 under FORKING unless -Dsoak=true), {0}")
    @MethodSource("kinds")
    void everyReplyMatchesItsRequest(ServerKind kind) throws Exception {
        BaseServer server = DatagramKinds.unbound(kind, UdpEcho.Family.BLOCKING.echo());
        server.setReceiveBufferSize(RECEIVE_BUFFER);
        DatagramKinds.bind(server);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try (RunningServer running = RunningServer.start(server)) {
            long started = System.nanoTime();
            List<Future<int[]>> results = new java.util.ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int id = s;
                results.add(senders.submit(() -> send(running.address(), id, perSender(kind),
                        kind == ServerKind.FORKING)));
            }
            int matched = 0;
            int lost = 0;
            for (Future<int[]> result : results) {
                int[] counts = result.get(kind == ServerKind.FORKING && SOAK ? 3600 : 60, TimeUnit.SECONDS);
                matched += counts[0];
                lost += counts[1];
            }
            var stats = server.statistics().datagrams();
            log.info("{}: {} matched, {} lost in {} ms; server {}", kind, matched, lost,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), stats);
            assertThat(matched + lost).isEqualTo(SENDERS * perSender(kind));
            assertThat(lost).as("lost datagrams, explained by drops: %s", stats)
                    .isLessThanOrEqualTo((int) (Math.max(0, stats.kernelDrops()) + stats.replyDrops()));
        } finally {
            senders.shutdownNow();
            assertThat(senders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Sends this sender's share windowed; returns {matched, lost}. Unmatched replies fail. */
    private static int perSender(ServerKind kind) {
        return kind == ServerKind.FORKING ? PER_SENDER_FORKING : PER_SENDER;
    }

    private static int[] send(java.net.SocketAddress address, int id, int count, boolean forking)
            throws IOException {
        Set<String> outstanding = new HashSet<>();
        int matched = 0;
        int lost = 0;
        int next = 0;
        try (UdpClient client = new UdpClient(address)) {
            // a JVM per datagram: a request may wait for a child slot behind the others' windows
            client.setTimeoutMillis(forking ? 120_000 : 1000);
            while (next < count || !outstanding.isEmpty()) {
                while (next < count && outstanding.size() < WINDOW) {
                    String request = id + ":" + next++;
                    outstanding.add(request);
                    client.send(request.getBytes(StandardCharsets.US_ASCII));
                }
                String reply;
                try {
                    reply = new String(client.receive(), StandardCharsets.US_ASCII);
                } catch (SocketTimeoutException silence) {
                    lost += outstanding.size();
                    outstanding.clear();
                    continue;
                }
                assertThat(outstanding.remove(reply)).as("reply %s matches a request of sender %d", reply, id).isTrue();
                matched++;
            }
        }
        return new int[] {matched, lost};
    }

    @ParameterizedTest(name = "a 60,000-byte datagram, {0}")
    @MethodSource("kinds")
    void aLargeDatagramIsEchoedIntact(ServerKind kind) throws Exception {
        for (UdpEcho.Family family : UdpEcho.Family.values()) {
            BaseServer server = DatagramKinds.unbound(kind, family.echo());
            server.setMaxDatagramSize(DatagramOptions.MAX_UDP_PAYLOAD);
            DatagramKinds.bind(server);
            byte[] big = new byte[60_000];
            new Random(42).nextBytes(big);
            try (RunningServer running = RunningServer.start(server);
                    UdpClient client = new UdpClient(running.address())) {
                client.send(big);
                assertThat(client.receive()).as(family.name()).isEqualTo(big);
                assertThat(server.statistics().datagrams().truncated()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "socat as the client, {0}")
    @MethodSource("kinds")
    void socatGetsItsLineEchoed(ServerKind kind) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
        try (RunningServer running = RunningServer.start(DatagramKinds.bound(kind, UdpEcho.Family.EVENT.echo()))) {
            int port = ((InetSocketAddress) running.address()).getPort();
            Process socat = new ProcessBuilder("socat", "-t", "2", "-", "UDP:127.0.0.1:" + port)
                    .redirectErrorStream(true).start();
            try {
                socat.getOutputStream().write("hello socat\n".getBytes(StandardCharsets.US_ASCII));
                socat.getOutputStream().close();
                assertThat(socat.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(socat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("hello socat\n");
            } finally {
                socat.destroyForcibly();
                socat.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
