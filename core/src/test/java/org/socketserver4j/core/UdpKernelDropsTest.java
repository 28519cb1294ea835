package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.datagram.DatagramStatistics;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.UdpClient;

/**
 * Drops under load show in the statistics: an event handler that holds SelectServer's one loop
 * lets a small receive buffer overflow, and every datagram sent is then either received or
 * counted by the kernel as dropped ({@code /proc/net/udp}).
 */
class UdpKernelDropsTest {

    @Test
    void datagramsTheKernelDroppedAreCounted() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "the kernel does not report UDP drops here");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        SelectServer server = new SelectServer(new InetSocketAddress("127.0.0.1", 0),
                DatagramHandlerFactory.event(() -> (ctx, data) -> {
                    holding.countDown();
                    release.await();
                }), false);
        server.setReceiveBufferSize(4096);
        server.serverBind();
        int sent = 300;
        try (RunningServer running = RunningServer.start(server);
                UdpClient client = new UdpClient(running.address())) {
            client.send(new byte[1000]);
            assertThat(holding.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < sent; i++) {
                client.send(new byte[1000]);
            }
            DatagramStatistics stats = server.statistics().datagrams();
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.kernelDrops() > 0);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> stats.received() + stats.kernelDrops() == sent);
        } finally {
            release.countDown();
        }
    }
}
