package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.StreamRequestHandler;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.Leaks;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;

/** ThreadingServer's own options: thread kind, bounded pool, daemonThreads, blockOnClose. */
class ThreadingServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void connectionsRunOnVirtualThreadsByDefaultAndPlatformThreadsOnRequest() throws Exception {
        for (boolean platform : new boolean[] {false, true}) {
            Boolean[] virtual = new Boolean[1];
            HandlerFactory probe = HandlerFactory.blocking(() -> new StreamRequestHandler() {
                @Override
                public void handle() throws Exception {
                    virtual[0] = Thread.currentThread().isVirtual();
                    wfile.write("done\n".getBytes());
                }
            });
            ThreadingServer server = new ThreadingServer(ANY_PORT, probe);
            server.setPlatformThreads(platform);
            server.setDaemonThreads(true);
            try (RunningServer running = RunningServer.start(server);
                    LineClient client = new LineClient(running.address())) {
                assertThat(client.readLine()).isEqualTo("done");
                assertThat(virtual[0]).isEqualTo(!platform);
            }
        }
    }

    @Test
    void aBoundedPoolServesAtMostItsSizeAndTheBacklogHoldsTheRest() throws Exception {
        ThreadingServer server = new ThreadingServer(ANY_PORT, Family.BLOCKING.lineHandler());
        server.setMaxThreads(2);
        try (RunningServer running = RunningServer.start(server);
                LineClient a = new LineClient(running.address());
                LineClient b = new LineClient(running.address())) {
            assertThat(a.call("a")).isEqualTo("a");
            assertThat(b.call("b")).isEqualTo("b");
            assertThat(Leaks.threadsNamed("ThreadingServer-" + port(server) + "-conn-")).isEqualTo(2);
            try (LineClient waiting = new LineClient(running.address(), Duration.ofMillis(300))) {
                waiting.send("c");
                assertThatThrownBy(waiting::readLine).isInstanceOf(java.net.SocketTimeoutException.class);
                a.close();
                waiting.socket().setSoTimeout(10_000);
                assertThat(waiting.readLine()).isEqualTo("c");
            }
            assertThat(Leaks.threadsNamed("ThreadingServer-" + port(server) + "-conn-")).isEqualTo(2);
        }
    }

    @Test
    void withoutBlockOnCloseCloseReturnsAndRunningHandlersFinishOnTheirOwn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        HandlerFactory slow = HandlerFactory.blocking(() -> new StreamRequestHandler() {
            @Override
            public void handle() throws Exception {
                started.countDown();
                release.await();
                wfile.write("late\n".getBytes());
                finished.countDown();
            }
        });
        ThreadingServer server = new ThreadingServer(ANY_PORT, slow);
        server.setBlockOnClose(false);
        RunningServer running = RunningServer.start(server);
        try (LineClient client = new LineClient(running.address())) {
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            running.close();
            assertThat(server.state()).isEqualTo(ServerState.CLOSED);
            release.countDown();
            assertThat(client.readLine()).isEqualTo("late");
            assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().active() == 0);
    }

    private static int port(BaseServer server) {
        return ((InetSocketAddress) server.serverAddress()).getPort();
    }
}
