package org.socketserver4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/** Discard, Daytime and the line base under every server. */
public class SimpleServicesTest {

    static Stream<Arguments> everyServerAndFamily(Class<?> blocking, Class<?> event) {
        return Stream.of(ServerKind.values()).flatMap(kind ->
                Stream.of(Arguments.of(kind, blocking), Arguments.of(kind, event)));
    }

    static Stream<Arguments> daytime() {
        return everyServerAndFamily(DaytimeHandler.class, DaytimeEventHandler.class);
    }

    static Stream<Arguments> discard() {
        return everyServerAndFamily(DiscardHandler.class, DiscardEventHandler.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("daytime")
    void daytimeSendsOneDateLineThenCloses(ServerKind kind, Class<?> handler) throws Exception {
        try (RunningServer running = RunningServer.start(kind.create(HandlerFactory.of(handler), true));
                Socket socket = new Socket()) {
            socket.connect(running.address(), 5000);
            socket.setSoTimeout(20_000);
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(reply).matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d{2}:\\d{2}:\\d{2} \\S+\r\n");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("discard")
    void discardTakesEverythingAndAnswersNothing(ServerKind kind, Class<?> handler) throws Exception {
        BaseServer server = kind.create(HandlerFactory.of(handler), true);
        try (RunningServer running = RunningServer.start(server);
                Socket socket = new Socket()) {
            socket.connect(running.address(), 5000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(new byte[1 << 20]);
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("nothing comes back, then end of stream").isEqualTo(-1);
            await().atMost(Duration.ofSeconds(20)).until(() -> server.statistics().bytesIn() == 1 << 20);
        }
    }

    /** A line handler that echoes lines in upper case. */
    public static class Upper extends LineEventHandler {
        /** Makes it with a 16-byte line limit. */
        public Upper() {
            super(16);
        }

        @Override
        protected void onLine(Connection connection, String line) {
            send(connection, line.toUpperCase());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void anOverlongLineGetsAnErrorAndACloseWhileOthersGoOn(ServerKind kind) throws Exception {
        try (RunningServer running = RunningServer.start(kind.create(HandlerFactory.of(Upper.class), true));
                LineClient other = new LineClient(running.address(), Duration.ofSeconds(20));
                LineClient offender = new LineClient(running.address(), Duration.ofSeconds(20))) {
            assertThat(other.call("hi")).isEqualTo("HI");
            assertThat(offender.call("x".repeat(40))).isEqualTo("ERR line too long (max 16 bytes)");
            assertThat(offender.readLine()).isNull();
            assertThat(other.call("still")).isEqualTo("STILL");
        }
    }
}
