package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.handlers.EchoEventHandler;
import org.socketserver4j.handlers.resp.RespHandler;

/**
 * {@code load} against servers of each workload, servers that answer wrong bytes or a wrong
 * response, and bad usage.
 */
class LoadCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CapturedCommandLine cli = new CapturedCommandLine();
    private final Closer cleanup = new Closer();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.closeAll();
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-load-", "wrong-echo", "wrong-http");
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
        InetSocketAddress server = FakeServer.start(cleanup, "wrong-echo", WAIT, socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b + 1);
            }
        });

        int status = cli.execute("load", "--connections=1", "--warmup=100ms", "--duration=300ms",
                "127.0.0.1:" + server.getPort());

        assertThat(status).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).startsWith("load: /127.0.0.1:" + server.getPort() + ": ");
    }

    @Test
    void aTargetThatIsNotHostAndPortIsAUsageError() {
        assertThat(cli.execute("load", "localhost")).isEqualTo(2);
        assertThat(cli.err()).contains("expected HOST:PORT, not 'localhost'");
        assertThat(cli.execute("load", "--workload=held", "127.0.0.1:1")).isEqualTo(2);
        assertThat(cli.err()).contains("--workload: load runs echo, large, http, http-pipelined or resp, not held");
        assertThat(cli.execute("load", "--workload=resp", "--message-size=10", "127.0.0.1:1")).isEqualTo(2);
        assertThat(cli.err()).contains("--message-size applies to echo and large, not resp");
        assertThat(cli.execute("load", "--workload=http-pipelined", "--pipeline=0", "127.0.0.1:1")).isEqualTo(2);
        assertThat(cli.err()).contains("need --pipeline >= 1 and --rate >= 0");
        assertThat(cli.execute("load", "--workload=gopher", "127.0.0.1:1")).isEqualTo(2);
        assertThat(cli.err()).contains("expected one of echo, large");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "large; ECHO; large 2 connections x 262144 bytes: [\\d,]+ req/s, [\\d.]+ MB/s",
        "http; HTTP; http 2 connections: [\\d,]+ req/s",
        "http-pipelined; HTTP; http-pipelined 2 connections x 4 pipelined: [\\d,]+ req/s",
        "resp; RESP; resp 2 connections: [\\d,]+ req/s"})
    void eachWorkloadPrintsOneLineOfCheckedReplies(String workload, HandlerChoice handler, String figures)
            throws Exception {
        Serving serving = Serving.start(Strategy.HYBRID.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(handler.handlerClass(Style.EVENT))));
        cleanup.add(serving);

        int status = cli.execute("load", "--workload=" + workload, "--connections=2", "--pipeline=4",
                "--warmup=100ms", "--duration=300ms", "127.0.0.1:" + serving.address().getPort());

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).matches(figures + ", latency p50 \\d+ p99 \\d+ p99\\.9 \\d+ max \\d+ us,"
                + " [\\d,]+ replies checked, 0 errors\\R");
        assertThat(cli.out()).doesNotContain(" 0 replies checked");
    }

    @Test
    void anOpenLoopSaysItsRate() throws Exception {
        Serving serving = cleanup.add(Serving.start(Strategy.SELECT.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(RespHandler.class))));

        int status = cli.execute("load", "--workload=resp", "--connections=2", "--rate=200", "--warmup=100ms",
                "--duration=300ms", "127.0.0.1:" + serving.address().getPort());

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("resp 2 connections, open loop at 200 req/s: ")
                .containsPattern("[\\d,]+ replies checked, 0 errors");
        long replies = Long.parseLong(cli.out().replaceAll("(?s).*us, ([\\d,]+) replies.*", "$1").replace(",", ""));
        assertThat(replies).as("about 60 in 300 ms").isPositive().isLessThanOrEqualTo(80);
        assertThat(cli.execute("load", "--rate=-1", "127.0.0.1:1")).isEqualTo(2);
        assertThat(cli.err()).contains("need --pipeline >= 1 and --rate >= 0");
    }

    @Test
    void anHttpServerThatAnswersAnotherStatusFailsTheRunNamingIt() throws Exception {
        InetSocketAddress server = FakeServer.start(cleanup, "wrong-http", WAIT,
                FakeServer.answering("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));

        int status = cli.execute("load", "--workload=http", "--connections=1", "--warmup=100ms", "--duration=300ms",
                "127.0.0.1:" + server.getPort());

        assertThat(status).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("load: /127.0.0.1:" + server.getPort() + ": expected 'HTTP/1.1 200 OK' in"
                + " answer to GET /plaintext, got 'HTTP/1.1 404 Not Found\\r\\n'" + System.lineSeparator());
    }
}
