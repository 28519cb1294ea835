package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged jar as a process, run by failsafe after {@code package}: the stdout contract,
 * SIGTERM giving exit 0, and the exit codes of failures.
 */
class ServeProcessIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\n");
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  .*");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private Path stdout;
    private Path stderr;

    @AfterEach
    void killProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    static Stream<Arguments> strategiesAndStyles() {
        return Stream.of(Strategy.values())
                .flatMap(strategy -> Stream.of(Style.values()).map(style -> Arguments.of(strategy, style)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("strategiesAndStyles")
    void printsOneLineServesAndExitsZeroOnSigterm(Strategy strategy, Style style) throws Exception {
        Process process = launch("serve", "--strategy=" + strategy, "--handler=echo", "--style=" + style, "--port=0");
        int port = awaitListeningPort();

        try (Socket client = connect(port)) {
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(client.getInputStream().readNBytes(6), StandardCharsets.US_ASCII))
                    .isEqualTo("hello\n");
        }
        process.destroy(); // SIGTERM

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(stdout)).isEqualTo("listening on 127.0.0.1:" + port + "\n");
        assertThat(Files.readAllLines(stderr)).allMatch(line -> LOG_LINE.matcher(line).matches());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void sigtermAsSoonAsTheLineIsPrintedStillExitsZero() throws Exception {
        Process process = launch("serve", "--port=0");
        awaitListeningPort();
        process.destroy();

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void withStopOnStdinEofTheEndOfStandardInputStopsItGracefully() throws Exception {
        Process process = launch("serve", "--port=0", "--stop-on-stdin-eof");
        int port = awaitListeningPort();

        process.getOutputStream().close();

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(stdout)).isEqualTo("listening on 127.0.0.1:" + port + "\n");
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void sigtermGivesAnOpenConnectionTheGracePeriodThenClosesIt() throws Exception {
        Process process = launch("serve", "--port=0", "--grace-period=1s");
        int port = awaitListeningPort();

        try (Socket client = connect(port)) {
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write('a');
            assertThat(in.read()).isEqualTo('a');
            long start = System.nanoTime();
            process.destroy();

            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(process.exitValue()).isZero();
            assertThat(in.read()).as("closed by the server").isEqualTo(-1);
        }
    }

    @Test
    void aPortInUseExitsOneWithOneLineOnStderr() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process process = launch("serve", "--port=" + taken.getLocalPort());

            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(stdout)).isEmpty();
            assertThat(Files.readString(stderr)).isEqualTo("socketserver4j-samples: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use\n");
        }
    }

    @Test
    void aBadOptionExitsTwoWithUsageOnStderr() throws Exception {
        Process process = launch("serve", "--strategy=nope");

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stdout)).isEmpty();
        assertThat(Files.readString(stderr)).contains("Usage: socketserver4j-samples serve");
    }

    private Process launch(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/socketserver4j-samples.jar");
        assertThat(jar).as("the packaged jar").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        stdout = tmp.resolve("stdout.txt");
        stderr = tmp.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        processes.add(process);
        return process;
    }

    private int awaitListeningPort() {
        Matcher m = await().atMost(WAIT).until(() -> LISTENING.matcher(Files.readString(stdout)), Matcher::lookingAt);
        return Integer.parseInt(m.group(1));
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
