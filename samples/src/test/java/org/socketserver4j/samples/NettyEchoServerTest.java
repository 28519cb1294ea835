package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The reference Netty echo server, in-process and as the program compare starts. */
class NettyEchoServerTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void echoesAndReleasesItsPortOnClose() throws Exception {
        int port;
        try (NettyEchoServer server = NettyEchoServer.start(new InetSocketAddress("127.0.0.1", 0), 1)) {
            port = server.address().getPort();
            assertThat(echo(port, "hello netty")).isEqualTo("hello netty");
        }
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void udpEchoesEachDatagramToItsSenderOnEverySocketAndReleasesThePort() throws Exception {
        int port;
        try (NettyUdpEchoServer server = NettyUdpEchoServer.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            port = server.address().getPort();
            for (int i = 0; i < 4; i++) {
                try (java.nio.channels.DatagramChannel client = java.nio.channels.DatagramChannel.open()) {
                    client.connect(server.address());
                    client.write(java.nio.ByteBuffer.wrap(("datagram " + i).getBytes(StandardCharsets.UTF_8)));
                    java.nio.ByteBuffer reply = java.nio.ByteBuffer.allocate(64);
                    client.read(reply);
                    assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8))
                            .isEqualTo("datagram " + i);
                }
            }
        }
        try (java.nio.channels.DatagramChannel again = java.nio.channels.DatagramChannel.open()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void aPortInUseIsABindException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> NettyEchoServer.start(new InetSocketAddress("127.0.0.1", taken.getLocalPort()), 1))
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void asAProgramItPrintsItsAddressAndExits0WhenStdinEnds() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NettyEchoServer.class.getName(), "--threads=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            Matcher m = LISTENING.matcher(String.valueOf(line));
            assertThat(m.matches()).as(line).isTrue();
            assertThat(echo(Integer.parseInt(m.group(1)), "x")).isEqualTo("x");

            process.getOutputStream().close();

            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(out.readLine()).isNull();
        } finally {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void badUsageExits2() throws Exception {
        for (List<String> args : List.of(List.of("--threads=0"), List.of("--bogus"), List.of("--port=x"))) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), NettyEchoServer.class.getName(), args.get(0))
                    .redirectErrorStream(true)
                    .start();
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as(output).isEqualTo(2);
                assertThat(output).startsWith("NettyEchoServer: ");
            } finally {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    private static String echo(int port, String text) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readNBytes(text.length()), StandardCharsets.UTF_8);
        }
    }
}
