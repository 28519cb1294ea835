package org.socketserver4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/** Both echo handlers under every server: lines, and a megabyte of binary data both ways. */
class EchoHandlersTest {

    static Stream<Arguments> everyServerAndEcho() {
        return Stream.of(ServerKind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, EchoHandler.class), Arguments.of(kind, EchoEventHandler.class)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyServerAndEcho")
    void echoesLinesAndBinaryDataUntilTheClientEndsItsStream(ServerKind kind, Class<?> echo) throws Exception {
        try (RunningServer running = RunningServer.start(kind.create(HandlerFactory.of(echo), true))) {
            try (LineClient client = new LineClient(running.address())) {
                assertThat(client.call("hello")).isEqualTo("hello");
                assertThat(client.call("world")).isEqualTo("world");
            }
            byte[] payload = new byte[1 << 20];
            new Random(42).nextBytes(payload);
            try (Socket socket = new Socket()) {
                socket.connect(running.address(), 5000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        out.write(payload);
                        socket.shutdownOutput();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                InputStream in = socket.getInputStream();
                byte[] echoed = in.readAllBytes();
                writer.join();
                assertThat(echoed).isEqualTo(payload);
            }
        }
    }
}
