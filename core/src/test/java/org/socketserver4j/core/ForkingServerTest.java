package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.StreamRequestHandler;
import org.socketserver4j.core.testing.ForkHandlers;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;

/**
 * ForkingServer's own contract: isolation, exit statuses, the child cap, the pool (it starts
 * with the spares asked for, grows with the connections open at once up to its cap and within
 * maxChildren, shrinks back to prespawn when no connection comes), close.
 */
class ForkingServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration CHILD = Duration.ofSeconds(20);

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void release() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
                .as("no child outlives its test").isZero();
    }

    private RunningServer serve(ForkingServer server) {
        server.setGracePeriod(Duration.ofSeconds(1));
        RunningServer running = RunningServer.start(server);
        cleanup.add(running);
        return running;
    }

    private static long liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }

    private LineClient client(RunningServer running) throws Exception {
        LineClient client = new LineClient(running.address(), CHILD);
        cleanup.add(client);
        return client;
    }

    @Test
    void printingToSystemOutDoesNotCorruptTheConnection() throws Exception {
        RunningServer running = serve(new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class));
        LineClient client = client(running);
        assertThat(client.call("print")).isEqualTo("printed");
        assertThat(client.call("echo")).isEqualTo("echo");
    }

    @Test
    void aChildThatExitsCrashesOrIsKilledClosesOnlyItsConnectionAndItsStatusIsCounted() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        RunningServer running = serve(server);
        LineClient bystander = client(running);
        assertThat(bystander.call("before")).isEqualTo("before");

        LineClient exits = client(running);
        assertThat(exits.call("hi")).isEqualTo("hi");
        exits.send("exit 3");
        await().atMost(CHILD).until(exits::atEndOfStream);

        LineClient crashes = client(running);
        assertThat(crashes.call("hi")).isEqualTo("hi");
        crashes.send("halt");
        await().atMost(CHILD).until(crashes::atEndOfStream);

        List<Long> before = server.busyChildren();
        LineClient killed = client(running);
        assertThat(killed.call("hi")).isEqualTo("hi");
        List<Long> busy = new ArrayList<>(server.busyChildren());
        busy.removeAll(before);
        assertThat(busy).hasSize(1);
        long victim = busy.get(0);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        await().atMost(CHILD).until(killed::atEndOfStream);

        await().atMost(CHILD).until(() -> server.statistics().childFailures() == 3);
        assertThat(bystander.call("after")).isEqualTo("after");
        assertThat(server.statistics().handlerErrors()).isEqualTo(3);
    }

    @Test
    void aChildThatHangsIsEndedByTheIdleTimeout() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        server.setIdleTimeout(Duration.ofSeconds(3));
        RunningServer running = serve(server);
        LineClient hangs = client(running);
        assertThat(hangs.call("hi")).isEqualTo("hi");
        hangs.send("hang");
        await().atMost(CHILD).until(hangs::atEndOfStream);
        assertThat(server.statistics().timedOut()).isEqualTo(1);
        await().atMost(CHILD).until(() -> server.statistics().childFailures() == 1);
        assertThat(server.busyChildren()).isEmpty();
    }

    @Test
    void halfCloseWorksInBothDirections() throws Exception {
        ForkingServer counting = new ForkingServer(ANY_PORT, ForkHandlers.CountUntilEndOfStream.class);
        RunningServer running = serve(counting);
        try (Socket socket = new Socket()) {
            socket.connect(running.address(), 5000);
            socket.setSoTimeout((int) CHILD.toMillis());
            socket.getOutputStream().write(new byte[100_000]);
            socket.shutdownOutput();
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("got 100000\n");
        }

        ForkingServer first = new ForkingServer(ANY_PORT, ForkHandlers.HalfCloseFirst.class);
        RunningServer other = serve(first);
        try (Socket socket = new Socket()) {
            socket.connect(other.address(), 5000);
            socket.setSoTimeout((int) CHILD.toMillis());
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ready\n");
            socket.getOutputStream().write("12345".getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            await().atMost(CHILD).until(() -> first.statistics().childExits() == 1);
            assertThat(first.statistics().childFailures()).as("the child got all 5 bytes").isZero();
        }
    }

    @Test
    void neverMoreThanMaxChildrenAliveTheBacklogHoldsTheRest() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        server.setMaxChildren(2);
        RunningServer running = serve(server);
        LineClient a = client(running);
        LineClient b = client(running);
        assertThat(a.call("a")).isEqualTo("a");
        assertThat(b.call("b")).isEqualTo("b");
        LineClient waiting = new LineClient(running.address(), Duration.ofMillis(500));
        cleanup.add(waiting);
        waiting.send("c");
        assertThatThrownBy(waiting::readLine).isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isEqualTo(2);
        a.close();
        waiting.socket().setSoTimeout((int) CHILD.toMillis());
        assertThat(waiting.readLine()).isEqualTo("c");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isLessThanOrEqualTo(2);
    }

    @Test
    void aWarmPoolServesFromStartedChildrenAndRefills() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        server.setPrespawn(2);
        server.setMaxChildren(3);
        RunningServer running = serve(server);
        await().atMost(CHILD).until(() -> server.idleChildren() == 2);
        LineClient client = client(running);
        assertThat(client.call("warm")).isEqualTo("warm");
        await().atMost(CHILD).until(() -> server.idleChildren() == 2);
        assertThat(server.statistics().childrenStarted()).isEqualTo(3);
        LineClient second = client(running);
        assertThat(second.call("warm too")).isEqualTo("warm too");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
                .as("busy plus idle stay within maxChildren").isLessThanOrEqualTo(3);
    }

    @Test
    void closeEndsEveryChildWithOrWithoutBlockOnClose() throws Exception {
        for (boolean block : new boolean[] {true, false}) {
            ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
            server.setBlockOnClose(block);
            server.setGracePeriod(Duration.ofMillis(500));
            RunningServer running = RunningServer.start(server);
            try (LineClient client = new LineClient(running.address(), CHILD)) {
                assertThat(client.call("hi")).isEqualTo("hi");
                client.send("hang");
                List<Long> pids = server.busyChildren();
                assertThat(pids).hasSize(1);
                running.close();
                assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false))
                        .as("child %s after close (blockOnClose=%s)", pids.get(0), block).isFalse();
                assertThat(client.atEndOfStream()).isTrue();
            }
        }
    }

    @Test
    void aDamagedClassDataArchiveIsAWarningOnStderrNeverOnTheConnection(@TempDir Path cache) throws Exception {
        ForkingServer first = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        first.setClassDataArchive(cache);
        RunningServer running = serve(first);
        await().atMost(CHILD).until(() -> first.classDataArchive() != null);
        Path archive = first.classDataArchive();
        LineClient warmUp = client(running);
        assertThat(warmUp.call("one")).isEqualTo("one");
        warmUp.close();
        running.close();

        Files.deleteIfExists(archive.resolveSibling(archive.getFileName() + ".failed"));
        Files.writeString(archive, "not an archive");
        ForkingServer second = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        second.setClassDataArchive(cache);
        LineClient client = client(serve(second));
        assertThat(client.call("still fine")).isEqualTo("still fine");
        assertThat(client.call("print")).isEqualTo("printed");
        assertThat(second.classDataArchive()).isEqualTo(archive);
        assertThat(second.statistics().childFailures()).isZero();
    }

    @Test
    void handlersThatCannotBeMadeByNameAreRefusedWhenTheServerIsBuilt() {
        assertThatThrownBy(() -> new ForkingServer(ANY_PORT, HandlerFactory.blocking(ForkHandlers.Misbehaving::new)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a handler class");
        StreamRequestHandler anonymous = new StreamRequestHandler() {
            @Override
            public void handle() {}
        };
        assertThatThrownBy(() -> new ForkingServer(ANY_PORT, anonymous.getClass()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ForkingServer(ANY_PORT, BoundedMemoryTest.BlockingEcho.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-public");
    }

    @Test
    void defaultsAreAnIdlePoolThatGrowsWithDemand() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        cleanup.add(server);
        assertThat(server.prespawn()).isZero();
        assertThat(server.startSpareChildren()).isZero();
        assertThat(server.maxSpareChildren()).isEqualTo(ForkingServer.DEFAULT_MAX_SPARE_CHILDREN);
        assertThat(server.spareIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> server.setMaxSpareChildren(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.setStartSpareChildren(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.setSpareIdleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePoolGrowsToTheConnectionsOpenAtOnceUpToItsCapAndWithinMaxChildren() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        server.setMaxSpareChildren(2);
        server.setMaxChildren(4);
        server.setSpareIdleTimeout(Duration.ZERO);
        RunningServer running = serve(server);
        assertThat(server.spareChildrenTarget()).isZero();

        List<LineClient> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LineClient c = client(running);
            c.send("hello " + i);
            burst.add(c);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(burst.get(i).readLine()).isEqualTo("hello " + i);
        }
        assertThat(server.spareChildrenTarget()).as("three open at once, capped at two").isEqualTo(2);
        await().atMost(CHILD).until(() -> server.idleChildren() == 1);
        assertThat(liveChildren()).as("3 busy + 1 warm: maxChildren").isEqualTo(4);

        for (LineClient c : burst) {
            c.close();
        }
        await().atMost(CHILD).until(() -> server.idleChildren() == 2 && liveChildren() == 2);

        long started = server.statistics().childrenStarted();
        assertThat(client(running).call("warm")).isEqualTo("warm");
        await().atMost(CHILD).until(() -> server.idleChildren() == 2);
        assertThat(server.statistics().childrenStarted()).as("one refill for the warm child taken")
                .isEqualTo(started + 1);
    }

    @Test
    void thePoolStartsWithTheSparesAskedForAndShrinksBackToPrespawnWhenNoConnectionComes() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        server.setPrespawn(1);
        server.setStartSpareChildren(4);
        server.setMaxSpareChildren(4);
        server.setSpareIdleTimeout(Duration.ofMillis(300));
        RunningServer running = serve(server);

        await().atMost(CHILD).until(() -> server.spareChildrenTarget() == 1 && server.idleChildren() == 1
                && server.spawningChildren() == 0 && liveChildren() == 1);

        assertThat(client(running).call("one")).isEqualTo("one");
        assertThat(server.spareChildrenTarget()).as("never below prespawn").isEqualTo(1);
        await().atMost(CHILD).until(() -> server.idleChildren() == 1 && liveChildren() == 2);
    }

    @Test
    void aFixedPoolNeitherGrowsNorShrinks() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        server.setPrespawn(1);
        server.setMaxSpareChildren(0);
        server.setSpareIdleTimeout(Duration.ofMillis(50));
        RunningServer running = serve(server);
        await().atMost(CHILD).until(() -> server.idleChildren() == 1);
        LineClient a = client(running);
        LineClient b = client(running);
        assertThat(a.call("a")).isEqualTo("a");
        assertThat(b.call("b")).isEqualTo("b");
        await().atMost(CHILD).until(() -> server.idleChildren() == 1 && liveChildren() == 3);
        assertThat(server.spareChildrenTarget()).isEqualTo(1);
    }

    @Test
    void closeEndsTheWarmAndStartingSpares() throws Exception {
        ForkingServer server = new ForkingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
        server.setStartSpareChildren(3);
        server.setMaxSpareChildren(3);
        RunningServer running = serve(server);
        await().atMost(CHILD).until(() -> server.idleChildren() >= 1);
        running.close();
        assertThat(liveChildren()).isZero();
    }
}
