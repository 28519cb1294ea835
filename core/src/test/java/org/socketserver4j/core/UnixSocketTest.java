package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.NoDelayLineHandler;
import org.socketserver4j.core.testing.PeerCredentialHandlers;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.Transport;

/**
 * Unix-domain stream sockets: the socket file's life (each rule of {@code UnixSocketFile}), its
 * permissions, the peer's credentials on every server and family, and socat as a client nobody
 * here wrote, on every server.
 */
class UnixSocketTest {

    @TempDir
    Path dir;

    private UnixDomainSocketAddress address() {
        return UnixDomainSocketAddress.of(dir.resolve("s.sock"));
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    // ---------------------------------------------------------------- the socket file's life

    @Test
    void aSocketFileWithNoServerBehindItIsReplaced() throws Exception {
        UnixDomainSocketAddress address = address();
        try (ServerSocketChannel earlier = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            earlier.bind(address);
        }
        try (RunningServer running = RunningServer.start(
                ServerKind.SELECT.create(address, Family.EVENT.lineHandler(), true));
                LineClient client = new LineClient(address)) {
            assertThat(client.call("fresh")).isEqualTo("fresh");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void aLiveServerOnThePathIsAClearError(ServerKind kind) throws Exception {
        UnixDomainSocketAddress address = address();
        try (RunningServer live = RunningServer.start(
                ServerKind.SELECT.create(address, Family.EVENT.lineHandler(), true))) {
            Object key = fileKey(address.getPath());
            assertThatThrownBy(() -> kind.create(address, Family.EVENT.lineHandler(), true))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(address.getPath().toString())
                    .hasMessageContaining("a server is listening");
            assertThat(fileKey(address.getPath())).as("the live server's file is untouched").isEqualTo(key);
            try (LineClient client = new LineClient(address)) {
                assertThat(client.call("still live")).isEqualTo("still live");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void aRegularFileOnThePathIsAClearErrorAndIsLeftUntouched(ServerKind kind) throws Exception {
        UnixDomainSocketAddress address = address();
        Files.writeString(address.getPath(), "precious");
        assertThatThrownBy(() -> kind.create(address, Family.EVENT.lineHandler(), true))
                .isInstanceOf(BindException.class)
                .hasMessageContaining(address.getPath().toString())
                .hasMessageContaining("not a socket");
        assertThat(Files.readString(address.getPath())).isEqualTo("precious");
    }

    @Test
    void aDirectoryOrALinkOnThePathIsAClearErrorAndIsLeftUntouched() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("d.sock"));
        assertThatThrownBy(() -> ServerKind.SELECT.create(UnixDomainSocketAddress.of(directory),
                Family.EVENT.lineHandler(), true))
                .isInstanceOf(BindException.class).hasMessageContaining(directory.toString());
        assertThat(directory).isDirectory();
        Path target = Files.writeString(dir.resolve("target"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("l.sock"), target);
        assertThatThrownBy(() -> ServerKind.SELECT.create(UnixDomainSocketAddress.of(link),
                Family.EVENT.lineHandler(), true))
                .isInstanceOf(BindException.class).hasMessageContaining(link.toString());
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("precious");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void closeRemovesTheFileItBound(ServerKind kind) throws Exception {
        UnixDomainSocketAddress address = address();
        try (BaseServer server = kind.create(address, Family.EVENT.lineHandler(), true)) {
            assertThat(address.getPath()).exists();
        }
        assertThat(address.getPath()).doesNotExist();
    }

    @Test
    void closeLeavesAFileThatIsNoLongerTheOneItBound() throws Exception {
        UnixDomainSocketAddress address = address();
        BaseServer server = ServerKind.SELECT.create(address, Family.EVENT.lineHandler(), true);
        Files.delete(address.getPath());
        try (ServerSocketChannel successor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            successor.bind(address);
            Object theirs = fileKey(address.getPath());
            server.close();
            assertThat(address.getPath()).as("another server's file").exists();
            assertThat(fileKey(address.getPath())).isEqualTo(theirs);
        } finally {
            server.close();
            Files.deleteIfExists(address.getPath());
        }
    }

    // ---------------------------------------------------------------- permissions

    @Test
    void permissionsAreAppliedRightAfterBinding() throws Exception {
        UnixDomainSocketAddress address = address();
        BaseServer server = ServerKind.SELECT.create(address, Family.EVENT.lineHandler(), false);
        assertThat(server.unixSocketPermissions()).isNull();
        server.setUnixSocketPermissions(PosixFilePermissions.fromString("rw-rw----"));
        try (server) {
            server.serverBind();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(address.getPath())))
                    .isEqualTo("rw-rw----");
            assertThatThrownBy(() -> server.setUnixSocketPermissions(PosixFilePermissions.fromString("rw-------")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("before binding");
        }
    }

    // ---------------------------------------------------------------- peer credentials

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyTransportServerAndFamily")
    void handlersGetThePeersCredentialsOnUnixSocketsAndNoneOnTcp(ServerKind kind, Family family,
            Transport transport) throws Exception {
        Path mine = Files.createFile(dir.resolve("mine"));
        String user = Files.getOwner(mine).getName();
        String group = Files.readAttributes(mine, PosixFileAttributes.class).group().getName();
        HandlerFactory factory = family == Family.BLOCKING
                ? HandlerFactory.of(PeerCredentialHandlers.Blocking.class)
                : HandlerFactory.of(PeerCredentialHandlers.Event.class);
        try (RunningServer running = RunningServer.start(kind.create(transport, factory, true));
                LineClient client = new LineClient(running.address())) {
            String expected = transport == Transport.UNIX ? user + " " + group : "none";
            assertThat(client.call("who")).as("the uid and gid of this test process").isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- TCP-only options

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void noDelayIsANoOpOnAUnixSocket(ServerKind kind) throws Exception {
        UnixDomainSocketAddress address = address();
        BaseServer server = kind.create(address, HandlerFactory.of(NoDelayLineHandler.class), true);
        assertThat(server.tcpNoDelay()).as("on by default, skipped for Unix channels").isTrue();
        try (RunningServer running = RunningServer.start(server);
                LineClient client = new LineClient(address)) {
            assertThat(client.call("no Nagle here")).isEqualTo("no Nagle here");
        }
        assertThat(server.statistics().handlerErrors()).isZero();
    }

    // ---------------------------------------------------------------- socat

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyServerAndFamily")
    void socatIsServedOverAUnixSocket(ServerKind kind, Family family) throws Exception {
        UnixDomainSocketAddress address = address();
        try (RunningServer running = RunningServer.start(kind.create(address, family.lineHandler(), true))) {
            Process socat = new ProcessBuilder("socat", "-t", "10", "-", "UNIX-CONNECT:" + address.getPath())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                try (OutputStream in = socat.getOutputStream()) {
                    in.write("hello socat\nquit\n".getBytes(StandardCharsets.UTF_8));
                }
                String out;
                try (InputStream output = socat.getInputStream()) {
                    out = new String(output.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertThat(socat.waitFor(20, TimeUnit.SECONDS)).as("socat exits").isTrue();
                assertThat(out).isEqualTo("hello socat\nbye\n");
                assertThat(socat.exitValue()).isZero();
            } finally {
                socat.destroyForcibly();
                socat.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static Stream<Arguments> everyServerAndFamily() {
        return ConformanceTest.everyServerAndFamily();
    }

    static Stream<Arguments> everyTransportServerAndFamily() {
        return ConformanceTest.everyTransportServerAndFamily();
    }
}
