package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code serve --transport=unix --path=FILE}: it prints {@code listening on PATH}, serves echo
 * under every strategy and every stream handler under one, and removes its socket file when
 * stopped.
 */
class ServeUnixTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final CapturedCommandLine cli = new CapturedCommandLine();

    @AfterEach
    void stop() {
        cli.stopServing();
    }

    /** Sends {@code request}, half-closes, and returns everything the server sent until it closed. */
    private static String exchange(Path path, String request) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
                    channel.shutdownOutput();
                    return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void servesEchoOnThePrintedPathThenRemovesIt(Strategy strategy) throws Exception {
        Path path = dir.resolve("echo.sock");
        Serving serving = cli.serve("serve", "--strategy=" + strategy, "--transport=unix", "--path=" + path);
        assertThat(cli.out()).isEqualTo("listening on " + path + System.lineSeparator());
        assertThat(exchange(path, "hello\nworld\n")).isEqualTo("hello\nworld\n");
        serving.close();
        assertThat(path).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(HandlerChoice.class)
    void everyStreamHandlerWorksOverAUnixSocket(HandlerChoice handler) throws Exception {
        Path path = dir.resolve("h.sock");
        try (Serving serving = cli.serve("serve", "--handler=" + handler, "--transport=unix", "--path=" + path)) {
            String reply = switch (handler) {
                case ECHO -> exchange(path, "over unix\n");
                case DISCARD -> exchange(path, "dropped\n");
                case DAYTIME -> exchange(path, "");
                case CHAT -> exchange(path, "");
                case HTTP -> exchange(path, "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n");
                case RESP -> exchange(path, "*1\r\n$4\r\nPING\r\n");
            };
            switch (handler) {
                case ECHO -> assertThat(reply).isEqualTo("over unix\n");
                case DISCARD -> assertThat(reply).isEmpty();
                case DAYTIME -> assertThat(reply).matches("(?s).*\\d{4}.*\\R");
                case CHAT -> assertThat(reply).contains("nickname");
                case HTTP -> assertThat(reply).startsWith("HTTP/1.1 200");
                case RESP -> assertThat(reply).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Test
    void unixNeedsAPathAndTcpTakesNone() {
        assertThatThrownBy(() -> cli.serve("serve", "--transport=unix"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--path=FILE");
        assertThatThrownBy(() -> cli.serve("serve", "--transport=tcp", "--path=" + dir.resolve("x.sock"), "--port=0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--transport=unix only");
    }
}
