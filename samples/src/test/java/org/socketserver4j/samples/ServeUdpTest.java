package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code serve --transport=udp}: echo and daytime under every strategy (a child JVM per datagram under forking). */
class ServeUdpTest {

    private final CapturedCommandLine cli = new CapturedCommandLine();

    @AfterEach
    void stop() {
        cli.stopServing();
    }

    static Stream<Arguments> strategiesAndStyles() {
        return Stream.of(Strategy.values())
                .flatMap(strategy -> Stream.of(Style.values()).map(style -> Arguments.of(strategy, style)));
    }

    private static String call(int port, String text) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(30_000);
            byte[] data = text.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[2048];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new String(Arrays.copyOf(buffer, reply.getLength()), StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("strategiesAndStyles")
    void servesEchoAndDaytimeOverUdpThenReleasesThePort(Strategy strategy, Style style) throws Exception {
        for (String handler : new String[] {"echo", "daytime"}) {
            cli.clearOut();
            Serving serving = cli.serve("serve", "--transport=udp", "--strategy=" + strategy, "--handler=" + handler,
                    "--style=" + style, "--port=0");
            int port = serving.address().getPort();
            try {
                assertThat(cli.out()).isEqualTo("listening on 127.0.0.1:" + port + System.lineSeparator());
                if (handler.equals("echo")) {
                    assertThat(call(port, "hello udp")).isEqualTo("hello udp");
                } else {
                    assertThat(call(port, "")).matches("\\w+day, \\w+ \\d+, \\d{4} \\d\\d:\\d\\d:\\d\\d \\w+\r\n");
                }
            } finally {
                serving.close();
            }
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void refusesHandlersWithoutAUdpForm() {
        assertThatThrownBy(() -> cli.serve("serve", "--transport=udp", "--handler=chat", "--port=0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("echo and daytime");
    }
}
