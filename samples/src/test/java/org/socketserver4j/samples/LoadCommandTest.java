package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.handlers.EchoEventHandler;

/** {@code load} against an echo server, a server that answers wrong bytes, and a bad target. */
class LoadCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CapturedCommandLine cli = new CapturedCommandLine();
    private final Closer cleanup = new Closer();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.closeAll();
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-load-", "wrong-echo");
    }

    @Test
    void printsOneLineOfFiguresForAnEchoServer() throws Exception {
        Serving serving = Serving.start(Strategy.SELECT.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(EchoEventHandler.class)));
        cleanup.add(serving);

        int status = cli.execute("load", "--connections=4", "--message-size=100", "--warmup=100ms",
                "--duration=300ms", "127.0.0.1:" + serving.address().getPort());

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).matches("echo 4 connections x 100 bytes: [\\d,]+ req/s, [\\d.]+ MB/s, latency p50 \\d+"
                + " p99 \\d+ p99\\.9 \\d+ max \\d+ us, [\\d,]+ replies checked, 0 errors\\R");
        long replies = Long.parseLong(cli.out().replaceAll("(?s).*us, ([\\d,]+) replies.*", "$1").replace(",", ""));
        assertThat(replies).isPositive();
    }

    @Test
    void aServerThatAnswersWrongBytesFailsTheRunWithWhatWentWrong() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(listener);
        Thread server = Thread.ofPlatform().name("wrong-echo").start(() -> {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(b + 1);
                }
            } catch (IOException e) {
                // the test sees what the client saw
            }
        });
        cleanup.add(() -> {
            listener.close();
            server.join(WAIT);
        });

        int status = cli.execute("load", "--connections=1", "--warmup=100ms", "--duration=300ms",
                "127.0.0.1:" + listener.getLocalPort());

        assertThat(status).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).startsWith("load: /127.0.0.1:" + listener.getLocalPort() + ": ");
    }

    @Test
    void aTargetThatIsNotHostAndPortIsAUsageError() {
        assertThat(cli.execute("load", "localhost")).isEqualTo(2);
        assertThat(cli.err()).contains("expected HOST:PORT, not 'localhost'");
        assertThat(cli.execute("load", "--workload=http", "127.0.0.1:1")).isEqualTo(2);
        assertThat(cli.err()).contains("only echo for now");
    }
}
