package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.fork.ChildStartException;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.testing.ForkHandlers;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;

/**
 * ForkingServer under a burst and at start-up: bounded spawning, clients that leave while
 * their child starts, children that cannot start, the lean class path, warm children, and
 * subclasses it refuses. Children are held in their start by a gate (a socket of the test's
 * that their handler class's initialiser reports to), so every state is reached by events.
 */
class ForkingServerStartTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration CHILD = Duration.ofSeconds(20);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private ServerSocket gate;

    @BeforeEach
    void openGate() throws IOException {
        gate = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        gate.setSoTimeout((int) CHILD.toMillis());
    }

    @AfterEach
    void release() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        gate.close();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
                .as("no child outlives its test").isZero();
    }

    /** A child's report to the gate: its first line, and the connection to answer on. */
    private record Call(Socket socket, String line) {
        void open() throws IOException {
            socket.getOutputStream().write(1);
            socket.getOutputStream().flush();
        }
    }

    private Call nextCall() throws IOException {
        Socket s = gate.accept();
        cleanup.add(s);
        s.setSoTimeout((int) CHILD.toMillis());
        String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        return new Call(s, line);
    }

    private ForkingServer server(Class<?> handler) throws IOException {
        ForkingServer server = new ForkingServer(ANY_PORT, handler);
        server.addChildJvmOptions("-D" + ForkHandlers.GATE_PORT + "=" + gate.getLocalPort());
        server.setGracePeriod(Duration.ofSeconds(1));
        server.setClassDataArchive(null);
        // a fixed pool: these tests count the children that report to the gate
        server.setMaxSpareChildren(0);
        return server;
    }

    private RunningServer serve(ForkingServer server) {
        RunningServer running = RunningServer.start(server);
        cleanup.add(running);
        return running;
    }

    private LineClient client(RunningServer running) throws IOException {
        LineClient client = new LineClient(running.address(), CHILD);
        cleanup.add(client);
        return client;
    }

    private static long liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }

    @Test
    void aBurstStartsNoMoreThanMaxSpawningChildrenAtOnceAndEveryConnectionIsServedInTurn() throws Exception {
        ForkingServer server = server(ForkHandlers.SlowStart.class);
        server.setMaxSpawning(1);
        RunningServer running = serve(server);
        List<LineClient> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LineClient c = client(running);
            c.send("hello " + i);
            burst.add(c);
        }
        for (int served = 0; served < 3; served++) {
            Call starting = nextCall();
            assertThat(starting.line()).isEqualTo("starting");
            int waiting = 3 - served;
            await().atMost(CHILD).until(() -> server.waitingConnections() == waiting);
            assertThat(server.spawningChildren()).isEqualTo(1);
            assertThat(liveChildren()).as("children alive while %d connections wait", waiting)
                    .isEqualTo(served + 1);
            starting.open();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(burst.get(i).readLine()).isEqualTo("hello " + i);
        }
        assertThat(server.statistics().childrenStarted()).isEqualTo(3);
    }

    @Test
    void aClientThatLeavesBeforeItsChildIsReadyIsReleasedAtOnceAndTheChildEnded() throws Exception {
        ForkingServer server = server(ForkHandlers.SlowStart.class);
        RunningServer running = serve(server);

        LineClient silent = client(running);
        Call first = nextCall();
        silent.close();
        await().atMost(CHILD).until(() -> server.statistics().closed() == 1);
        assertThat(first.socket().getInputStream().read()).as("the starting child was ended").isEqualTo(-1);

        LineClient resets = client(running);
        Call second = nextCall();
        resets.send("a request");
        resets.socket().setSoLinger(true, 0);
        resets.close();
        await().atMost(CHILD).until(() -> server.statistics().closed() == 2);
        assertThat(second.socket().getInputStream().read()).as("the starting child was ended").isEqualTo(-1);

        await().atMost(CHILD).until(() -> liveChildren() == 0);
        assertThat(server.statistics().accepted()).isEqualTo(2);
        assertThat(server.statistics().active()).isZero();
        assertThat(server.statistics().handlerErrors()).isZero();
        assertThat(server.waitingConnections()).isZero();
    }

    @Test
    void aClientThatResetsIsReleasedAtOnceWhileItsChildHangs() throws Exception {
        ForkingServer server = server(ForkHandlers.Misbehaving.class);
        RunningServer running = serve(server);
        LineClient client = client(running);
        assertThat(client.call("hi")).isEqualTo("hi");
        client.send("hang");
        await().atMost(CHILD).until(() -> server.busyChildren().size() == 1);
        long hung = server.busyChildren().get(0);
        client.socket().setSoLinger(true, 0);
        client.close();
        await().atMost(CHILD).until(() -> server.statistics().closed() == 1);
        await().atMost(CHILD).until(() -> ProcessHandle.of(hung).map(ProcessHandle::isAlive).orElse(false) == false);
        assertThat(server.statistics().active()).isZero();
        assertThat(server.statistics().timedOut()).isZero();
    }

    /** Records what reaches handleError. */
    public static class RecordingServer extends ForkingServer {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        RecordingServer(SocketAddress address, Class<?> handler) throws IOException {
            super(address, handler);
        }

        @Override
        protected void handleError(Connection request, SocketAddress clientAddress, Throwable error) {
            errors.add(error);
        }
    }

    @Test
    void aChildThatCannotStartIsCountedReachesHandleErrorOnceAndLeavesNothingOpen() throws Exception {
        failToStart(true);
        failToStart(false);
        // The first round loaded classes and opened the jars they come from; the second must
        // leave the descriptors as it found them.
        List<String> before = openDescriptors();
        failToStart(true);
        failToStart(false);
        await().atMost(CHILD).untilAsserted(() -> assertThat(openDescriptors()).containsExactlyInAnyOrderElementsOf(before));
    }

    private void failToStart(boolean badOption) throws Exception {
        {
            RecordingServer server = new RecordingServer(ANY_PORT, ForkHandlers.Misbehaving.class);
            server.setClassDataArchive(null);
            server.setGracePeriod(Duration.ofSeconds(1));
            if (badOption) {
                server.addChildJvmOptions("-XX:+NoSuchOptionOfAnyJvm");
            } else {
                server.setChildJava(Path.of("/nonexistent/bin/java"));
            }
            try (RunningServer running = RunningServer.start(server);
                    LineClient client = new LineClient(running.address(), CHILD)) {
                client.send("hi");
                await().atMost(CHILD).until(client::atEndOfStream);
                await().atMost(CHILD).until(() -> server.statistics().closed() == 1);
                assertThat(server.errors).hasSize(1);
                assertThat(server.errors.get(0)).isInstanceOf(ChildStartException.class)
                        .hasMessageContaining(badOption ? "NoSuchOptionOfAnyJvm" : "/nonexistent/bin/java");
                var stats = server.statistics();
                assertThat(stats.accepted()).isEqualTo(1);
                assertThat(stats.accepted()).isEqualTo(stats.rejected() + stats.closed() + stats.active());
                assertThat(stats.active()).isZero();
                assertThat(stats.handlerErrors()).isEqualTo(1);
            }
        }
    }

    /** What this process's descriptors point to (pipes and sockets by inode). */
    private static List<String> openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    return null;
                }
            }).filter(t -> t != null && (t.startsWith("pipe:") || t.startsWith("socket:")))
                    .sorted().toList();
        }
    }

    @Test
    void theLeanClassPathIsTheHandlerCoreAndCoresDependenciesOnly() throws Exception {
        String lean = ForkingServer.leanChildClassPath(ForkHandlers.Misbehaving.class);
        List<String> entries = List.of(lean.split(File.pathSeparator));
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0)).endsWith("test-classes");
        assertThat(entries.get(1)).endsWith("classes");
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("slf4j-api"));
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("HdrHistogram"));
        assertThat(lean).doesNotContain("junit", "assertj", "awaitility", "log4j");

        ForkingServer server = server(ForkHandlers.Misbehaving.class);
        server.setChildClassPath(lean);
        RunningServer running = serve(server);
        assertThat(client(running).call("lean")).isEqualTo("lean");
        List<String> command = server.childCommand();
        assertThat(command.get(command.indexOf("-cp") + 1)).isEqualTo(lean);

        ForkingServer byDefault = server(ForkHandlers.Misbehaving.class);
        assertThat(byDefault.childClassPath()).as("a forked child has its parent's class path")
                .isEqualTo(System.getProperty("java.class.path"));
        assertThat(client(serve(byDefault)).call("full")).isEqualTo("full");
    }

    @Test
    void aWarmChildHasLoadedItsHandlerAndServedTheWarmUpRequestBeforeAnyConnection() throws Exception {
        ForkingServer server = server(ForkHandlers.PreloadProbe.class);
        server.setPrespawn(1);
        server.setWarmUpRequest("rehearsal\n".getBytes(StandardCharsets.UTF_8));
        RunningServer running = serve(server);
        assertThat(nextCall().line()).isEqualTo("loaded");
        assertThat(nextCall().line()).isEqualTo("served rehearsal");
        await().atMost(CHILD).until(() -> server.idleChildren() == 1);
        assertThat(server.statistics().accepted()).isZero();

        LineClient client = client(running);
        assertThat(client.call("real")).isEqualTo("real");
        List<String> next = List.of(nextCall().line(), nextCall().line(), nextCall().line());
        assertThat(next).contains("served real", "loaded", "served rehearsal");
    }

    /** Overrides a method that would run in the child. */
    public static class OverridesFinishRequest extends ForkingServer {
        OverridesFinishRequest(SocketAddress address) throws IOException {
            super(address, ForkHandlers.Misbehaving.class);
        }

        @Override
        protected void finishRequest(Request request, SocketAddress clientAddress) throws Exception {
            super.finishRequest(request, clientAddress);
        }
    }

    @Test
    void aSubclassOverridingWhatRunsInTheChildIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> new OverridesFinishRequest(ANY_PORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overrides finishRequest")
                .hasMessageContaining("runs in the child process");
    }
}
