package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketserver4j.core.ServerState;
import picocli.CommandLine;

/**
 * The command line in-process: {@code serve} on port 0 under every strategy and style, with
 * a real client, then stopped and checked for what it released; and the exit codes.
 */
class ServeCommandTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\\R");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    private final ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
    private final Closer cleanup = new Closer();

    @AfterEach
    void stopEverything() throws Exception {
        serve.stop();
        cleanup.closeAll();
    }

    static Stream<Arguments> strategiesAndStyles() {
        return Stream.of(Strategy.values())
                .flatMap(strategy -> Stream.of(Style.values()).map(style -> Arguments.of(strategy, style)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("strategiesAndStyles")
    void servesEchoOnThePrintedPortUntilStoppedThenReleasesIt(Strategy strategy, Style style) throws Exception {
        CompletableFuture<Integer> exit = execute("serve", "--strategy=" + strategy, "--handler=echo",
                "--style=" + style, "--port=0");
        int port = awaitListeningPort();
        assertThat(out.toString()).isEqualTo("listening on 127.0.0.1:" + port + System.lineSeparator());

        try (Client client = new Client(port)) {
            assertThat(client.call("hello")).isEqualTo("hello");
            assertThat(client.call("world")).isEqualTo("world");
        }

        serve.stop();
        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).isEmpty();
        assertReleased(port);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void stopLetsAnOpenConnectionFinishWithinTheGracePeriod(Strategy strategy) throws Exception {
        commandLine.parseArgs("serve", "--strategy=" + strategy, "--port=0", "--grace-period=10s");
        Serving serving = serve.start(commandLine.getOut());
        cleanup.add(serving);
        int port = serving.address().getPort();

        try (Client client = new Client(port)) {
            assertThat(client.call("before")).isEqualTo("before");
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(serving::close);
            await().atMost(WAIT).until(() -> serving.server().state() == ServerState.DRAINING);
            await().atMost(WAIT).until(() -> refuses(port));
            assertThat(client.call("during")).isEqualTo("during");
            assertThat(stopped).isNotDone();
            client.close();
            stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(serving.server().state()).isEqualTo(ServerState.CLOSED);
        assertReleased(port);
    }

    @Test
    void passesTheOptionsToTheServer() throws Exception {
        commandLine.parseArgs("serve", "--strategy=THREADING", "--style=Event", "--port=0", "--host=localhost",
                "--idle-timeout=500ms", "--max-connections=3", "--grace-period=2s");
        Serving serving = serve.start(commandLine.getOut());
        cleanup.add(serving);

        assertThat(serving.server().getClass().getSimpleName()).isEqualTo("ThreadingServer");
        assertThat(serving.server().handlerFactory().handlerClass().getSimpleName()).isEqualTo("EchoEventHandler");
        assertThat(serving.server().idleTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(serving.server().maxConnections()).isEqualTo(3);
        assertThat(serving.server().gracePeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(out.toString()).isEqualTo("listening on 127.0.0.1:" + serving.address().getPort()
                + System.lineSeparator());
    }

    @Test
    void reportSelectorSaysOnStderrWhichSelectorProviderTheReactorsGetBeforeListening() throws Exception {
        commandLine.parseArgs("serve", "--strategy=select", "--port=0", "--report-selector");
        cleanup.add(serve.start(commandLine.getOut()));

        assertThat(err.toString()).isEqualTo(SelectorChoice.logLine(
                java.nio.channels.spi.SelectorProvider.provider().getClass().getName()) + System.lineSeparator());
        assertThat(out.toString()).startsWith("listening on ");
    }

    @Test
    void forkingTakesItsOptionsAndEventOnlyHandlersNeedNoStyle() throws Exception {
        commandLine.parseArgs("serve", "--strategy=forking", "--handler=resp", "--max-children=3",
                "--prespawn=1", "--port=0");
        Serving serving = serve.start(commandLine.getOut());
        cleanup.add(serving);

        org.socketserver4j.core.ForkingServer forking = (org.socketserver4j.core.ForkingServer) serving.server();
        assertThat(forking.maxChildren()).isEqualTo(3);
        assertThat(forking.prespawn()).isEqualTo(1);
        assertThat(forking.startSpareChildren()).isEqualTo(ServeCommand.CLI_SPARE_CHILDREN);
        assertThat(forking.maxSpareChildren()).isEqualTo(ServeCommand.CLI_SPARE_CHILDREN);
        assertThat(forking.handlerFactory().handlerClass().getSimpleName()).isEqualTo("RespHandler");
    }

    @Test
    void forkingTakesItsSpawningLimitAndStartUpCacheAndWarmsItsChildrenUp() throws Exception {
        commandLine.parseArgs("serve", "--strategy=forking", "--handler=http", "--max-spawning=1",
                "--start-up-cache=none", "--child-jvm-option=-Dexample=1", "--max-spare=5",
                "--spare-idle-timeout=2s", "--port=0");
        Serving serving = serve.start(commandLine.getOut());
        cleanup.add(serving);

        org.socketserver4j.core.ForkingServer forking = (org.socketserver4j.core.ForkingServer) serving.server();
        assertThat(forking.maxSpawning()).isEqualTo(1);
        assertThat(forking.maxSpareChildren()).isEqualTo(5);
        assertThat(forking.startSpareChildren()).as("no more than the pool may hold").isEqualTo(5);
        assertThat(forking.spareIdleTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(forking.maxChildren()).isEqualTo(ServeCommand.CLI_MAX_CHILDREN);
        assertThat(forking.childJvmOptions()).endsWith("-Dexample=1");
        assertThat(forking.classDataArchive()).isNull();
        assertThat(new String(ServeCommand.warmUpRequest(HandlerChoice.HTTP), java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("GET /plaintext HTTP/1.1\r\n");
        for (HandlerChoice handler : HandlerChoice.values()) {
            ServeCommand.warmUpRequest(handler);
        }
    }

    @Test
    void childrenOfTheRunnableJarGetTheJarsBesideItNotTheJarItself(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.createFile(dir.resolve("socketserver4j-samples.jar"));
        assertThat(ServeCommand.classPathBeside(jar)).isNull();
        java.nio.file.Path lib = java.nio.file.Files.createDirectory(dir.resolve("lib"));
        for (String name : new String[] {"socketserver4j-handlers.jar", "socketserver4j-core.jar",
            "slf4j-api.jar", "log4j2.xml"}) {
            java.nio.file.Files.createFile(lib.resolve(name));
        }
        assertThat(ServeCommand.classPathBeside(jar)).isEqualTo(String.join(java.io.File.pathSeparator,
                lib.resolve("slf4j-api.jar").toString(), lib.resolve("socketserver4j-core.jar").toString(),
                lib.resolve("socketserver4j-handlers.jar").toString()));
        assertThat(ServeCommand.classPathBeside(dir)).as("a class folder, not a jar").isNull();
    }

    @Test
    void hybridTakesItsWorkerCount() throws Exception {
        commandLine.parseArgs("serve", "--strategy=hybrid", "--workers=3", "--port=0");
        Serving serving = serve.start(commandLine.getOut());
        cleanup.add(serving);

        assertThat(serving.server()).isInstanceOf(org.socketserver4j.core.HybridServer.class);
        assertThat(((org.socketserver4j.core.HybridServer) serving.server()).workers()).isEqualTo(3);
    }

    @Test
    void leavesTheServersDefaultIdleTimeoutUnlessGiven() throws Exception {
        commandLine.parseArgs("serve", "--port=0");
        Serving serving = serve.start(commandLine.getOut());
        cleanup.add(serving);

        assertThat(serving.server().idleTimeout())
                .isEqualTo(org.socketserver4j.core.BaseServer.DEFAULT_IDLE_TIMEOUT);
        assertThat(serving.server().getClass().getSimpleName()).isEqualTo("SelectServer");
        assertThat(serving.server().handlerFactory().handlerClass().getSimpleName()).isEqualTo("EchoHandler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bogus", "serve --strategy=inetd", "serve --handler=nope",
        "serve --prespawn=2", "serve --strategy=forking --max-children=-1", "serve --max-spawning=2",
        "serve --strategy=forking --max-spawning=-1", "serve --start-up-cache=none",
        "serve --max-spare=2", "serve --start-spare=2", "serve --spare-idle-timeout=1s",
        "serve --strategy=forking --start-spare=-1", "serve --strategy=forking --max-spare=-1",
        "serve --child-jvm-option=-Xint", "serve --handler=http --style=blocking",
        "serve --style=async", "serve --port=65536", "serve --port=-1", "serve --port=x",
        "serve --max-connections=-1", "serve --idle-timeout=5", "serve --workers=-1",
        "serve --strategy=select --workers=2", "serve --grace-period=-1s", "serve extra"})
    void badUsageExitsWith2AndPrintsUsageOnStderr(String args) throws Exception {
        int code = commandLine.execute(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("Usage: socketserver4j-samples");
    }

    @Test
    void namesTheChoicesInLowerCaseWhenOneIsWrong() {
        assertThat(commandLine.execute("serve", "--strategy=inetd")).isEqualTo(2);
        assertThat(err.toString()).startsWith(
                "Invalid value for option '--strategy': expected one of select, threading, hybrid, forking but was 'inetd'");
    }

    @Test
    void aPortInUseExitsWith1AndOneLineOnStderr() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int code = commandLine.execute("serve", "--port=" + taken.getLocalPort());

            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString()).isEqualTo("socketserver4j-samples: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use" + System.lineSeparator());
        }
    }

    @Test
    void helpAndVersionExitWith0() {
        assertThat(commandLine.execute("--help")).isZero();
        assertThat(commandLine.execute("serve", "--help")).isZero();
        assertThat(commandLine.execute("--version")).isZero();
        assertThat(out.toString()).contains("serve", "--strategy=STRATEGY", "select, threading",
                "blocking, event", "socketserver4j-samples");
    }

    /** Runs the command line on a thread of its own, as {@code main} would, until stopped. */
    private CompletableFuture<Integer> execute(String... args) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name("test-main").start(() -> {
            try {
                exit.complete(commandLine.execute(args));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        cleanup.add(() -> {
            serve.stop();
            thread.join(WAIT);
            assertThat(thread.isAlive()).as("the command returned").isFalse();
        });
        return exit;
    }

    private int awaitListeningPort() {
        Matcher m = await().atMost(WAIT).until(() -> LISTENING.matcher(out.toString()), Matcher::lookingAt);
        return Integer.parseInt(m.group(1));
    }

    private static boolean refuses(int port) throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }

    /** The port can be bound again and no thread of the server is left. */
    private static void assertReleased(int port) throws IOException {
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive)
                .extracting(Thread::getName)
                .noneMatch(name -> name.endsWith("-" + port) || name.contains("-" + port + "-")));
    }

    /** A line client with a read timeout, so a broken server fails the test instead of hanging it. */
    private static final class Client implements AutoCloseable {
        private final Socket socket = new Socket();
        private final BufferedReader in;
        private final OutputStream outStream;

        Client(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            outStream = socket.getOutputStream();
        }

        String call(String line) throws IOException {
            outStream.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            outStream.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
