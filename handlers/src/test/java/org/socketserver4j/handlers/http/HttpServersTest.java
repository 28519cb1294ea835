package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/** The default handler, by class name, over real sockets under every server. */
class HttpServersTest {

    private static final String GET_PLAINTEXT = "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n";

    private static Socket connect(RunningServer running, ServerKind kind) throws IOException {
        Socket socket = new Socket();
        socket.connect(running.address(), 5000);
        socket.setSoTimeout((int) kind.timeout(Duration.ofSeconds(10)).toMillis());
        return socket;
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void pipelinedRequestsAreAnsweredInOrderThenAnErrorClosesTheConnection(ServerKind kind) throws Exception {
        try (RunningServer running = RunningServer.start(kind.create(HandlerFactory.of(HttpHandler.class), true));
                Socket socket = connect(running, kind)) {
            String pipeline = GET_PLAINTEXT
                    + "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n"
                    + "HEAD /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "GET /missing HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "NOT HTTP AT ALL\r\n\r\n"
                    + GET_PLAINTEXT;
            socket.getOutputStream().write(pipeline.getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            ResponseReader reader = new ResponseReader(in);
            assertThat(reader.next(false).bodyText()).isEqualTo("Hello, World!");
            assertThat(reader.next(false).bodyText()).isEqualTo("hello!");
            ResponseReader.Response head = reader.next(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("13");
            assertThat(reader.next(false).status()).isEqualTo(404);
            ResponseReader.Response error = reader.next(false);
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.header("Connection")).isEqualTo("close");
            assertThat(in.read()).as("end of stream after the error").isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void connectionCloseEndsTheStreamAfterTheResponse(ServerKind kind) throws Exception {
        try (RunningServer running = RunningServer.start(kind.create(HandlerFactory.of(HttpHandler.class), true));
                Socket socket = connect(running, kind)) {
            socket.getOutputStream().write(("GET /hello HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            ResponseReader.Response response = new ResponseReader(in).next(false);
            assertThat(response.bodyText()).isEqualTo("Hello from socketserver4j!\n");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"SELECT", "HYBRID"})
    void aClientPipeliningWithoutReadingIsThrottledByTheReactor(ServerKind kind) throws Exception {
        int requests = 150_000;
        byte[] pipeline = GET_PLAINTEXT.repeat(requests).getBytes(StandardCharsets.US_ASCII);
        try (RunningServer running = RunningServer.start(kind.create(HandlerFactory.of(HttpHandler.class), true))) {
            Socket socket = new Socket();
            CompletableFuture<Void> writer = null;
            try {
                socket.setReceiveBufferSize(64 * 1024);
                socket.connect(running.address(), 5000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                writer = CompletableFuture.runAsync(() -> {
                    try {
                        out.write(pipeline);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                AtomicLong last = new AtomicLong(-1);
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    long now = running.server().statistics().bytesIn();
                    return now > 0 && last.getAndSet(now) == now;
                });
                // the responses back up into the kernel, the reactor's outbound buffer passes its
                // high watermark, and the handler stops reading: the rest waits in kernel buffers
                assertThat(running.server().statistics().bytesIn()).as("the server stopped reading")
                        .isLessThan(pipeline.length / 2);

                ResponseReader reader = new ResponseReader(new BufferedInputStream(socket.getInputStream(), 1 << 16));
                for (int i = 0; i < requests; i++) {
                    assertThat(reader.next(false).body()).hasSize(13);
                }
                writer.get(10, TimeUnit.SECONDS);
                assertThat(running.server().statistics().bytesIn()).isEqualTo(pipeline.length);
            } finally {
                socket.close(); // also ends a writer still blocked
                if (writer != null) {
                    writer.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
