package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerHosts} and {@link ServerHost}: servers started and stopped in a shared JVM, one
 * JVM per host command, a server alone in a JVM of its own, failures said, and nothing left.
 */
class ServerHostsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SERVE_ECHO = List.of("--strategy=select", "--style=event", "--handler=echo",
            "--host=127.0.0.1", "--port=0", "--idle-timeout=0", "--grace-period=2s", "--report-selector");

    private final ServerHosts hosts = new ServerHosts(WAIT);

    @AfterEach
    void nothingLeft() {
        hosts.close();
        assertThat(ServerProcess.live()).isZero();
        await().pollDelay(Duration.ZERO).atMost(WAIT).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty());
    }

    private static List<String> hostCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerHost.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void serversOfOneCommandShareItsJvmOneAfterAnother() throws Exception {
        List<String> command = hostCommand("--name=SelectServer");
        long firstPid;
        try (HostedServer first = hosts.start(command, "serve", SERVE_ECHO)) {
            assertThat(echo(first.address(), "one")).isEqualTo("one");
            assertThat(first.isAlive()).isTrue();
            assertThat(first.cpuTime()).isPresent();
            assertThat(first.log()).contains("selector: ");
            firstPid = first.pid();
        }
        try (HostedServer second = hosts.start(command, "netty", List.of("--host=127.0.0.1", "--port=0",
                "--threads=1"))) {
            assertThat(second.pid()).as("the same JVM").isEqualTo(firstPid);
            assertThat(echo(second.address(), "two")).isEqualTo("two");
            assertThat(second.fullGc().orElse(0)).as("the heap after a GC").isPositive();
        }
        assertThat(hosts.running()).isEqualTo(1);
    }

    @Test
    void aStoppedServerReleasesItsPortAndSaysItIsNotAlive() throws Exception {
        HostedServer server = hosts.start(hostCommand(), "serve", SERVE_ECHO);
        InetSocketAddress address = server.address();

        server.close();

        assertThat(server.isAlive()).isFalse();
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(IOException.class);
        server.close(); // idempotent
    }

    @Test
    void anotherCommandGetsAnotherJvm() throws Exception {
        try (HostedServer select = hosts.start(hostCommand("--name=a"), "serve", SERVE_ECHO);
                HostedServer hybrid = hosts.start(hostCommand("--name=b", "--hybrid"), "serve", SERVE_ECHO)) {
            assertThat(hybrid.pid()).isNotEqualTo(select.pid());
            assertThat(hosts.running()).isEqualTo(2);
        }
    }

    @Test
    void aServerAloneEndsItsJvmWhenClosed() throws Exception {
        HostedServer alone = hosts.startAlone(hostCommand(), "serve", SERVE_ECHO);
        ProcessHandle jvm = ProcessHandle.of(alone.pid()).orElseThrow();
        assertThat(echo(alone.address(), "alone")).isEqualTo("alone");
        assertThat(hosts.running()).as("not among the shared hosts").isZero();

        alone.close();

        await().atMost(WAIT).until(() -> !jvm.isAlive());
    }

    @Test
    void aServerThatCannotStartSaysWhyAndItsHostServesTheNext() throws Exception {
        List<String> command = hostCommand();
        assertThatThrownBy(() -> hosts.start(command, "serve", List.of("--strategy=select", "--no-such-option")))
                .isInstanceOf(IOException.class).hasMessageContaining("--no-such-option");
        assertThatThrownBy(() -> hosts.start(command, "netty", List.of("--threads=0")))
                .isInstanceOf(IOException.class).hasMessageContaining("--threads must be positive");
        assertThatThrownBy(() -> hosts.start(command, "python", List.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("no server kind 'python'");

        try (HostedServer server = hosts.start(command, "serve", SERVE_ECHO)) {
            assertThat(echo(server.address(), "still here")).isEqualTo("still here");
        }
    }

    @Test
    void aHostThatCannotStartSaysWhy() {
        List<String> command = new ArrayList<>(hostCommand());
        command.add(1, "-Xmx1k");
        assertThatThrownBy(() -> hosts.start(command, "serve", SERVE_ECHO))
                .isInstanceOf(IOException.class).hasMessageStartingWith("the server exited with 1 before printing 'ready'");
    }

    @Test
    void aHostThatDiedIsReplacedByTheNextStart() throws Exception {
        List<String> command = hostCommand();
        long dead;
        try (HostedServer server = hosts.start(command, "serve", SERVE_ECHO)) {
            dead = server.pid();
            ProcessHandle.of(dead).orElseThrow().destroyForcibly();
            await().atMost(WAIT).until(() -> !server.isAlive());
        }
        try (HostedServer server = hosts.start(command, "serve", SERVE_ECHO)) {
            assertThat(server.pid()).isNotEqualTo(dead);
            assertThat(echo(server.address(), "again")).isEqualTo("again");
        }
    }

    @Test
    void startAllStartsEveryHostOnceBeforeAnyServer() throws Exception {
        List<String> a = hostCommand("--name=a");
        List<String> b = hostCommand("--name=b");

        hosts.startAll(List.of(a, b, a));

        assertThat(hosts.running()).isEqualTo(2);
        try (HostedServer server = hosts.start(b, "serve", SERVE_ECHO)) {
            assertThat(echo(server.address(), "ready")).isEqualTo("ready");
        }
        assertThat(hosts.running()).isEqualTo(2);
    }

    @Test
    void refusesAnArgumentThatWouldBreakTheLineProtocol() {
        assertThatThrownBy(() -> hosts.start(hostCommand(), "serve", List.of("--host=a\tb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tab or line end");
    }

    /** Sends {@code text} and a newline, and reads the echo's line back. */
    private static String echo(InetSocketAddress address, String text) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.toString();
        }
    }
}
