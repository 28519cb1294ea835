package org.socketserver4j.core.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.StreamRequestHandler;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/**
 * A blocking handler on a reactor that pauses reading keeps it paused until it resumes, even
 * while it empties the inbound queue that had filled: the queue's own pause and resume (at
 * capacity, and at half of it) never undo the handler's, nor the handler's resume the queue's.
 */
class BlockingPauseTest {

    private static final int CAPACITY = 64 * 1024;
    private static final int SENT = 8 * 1024 * 1024;

    private static volatile CountDownLatch drained;
    private static volatile CountDownLatch resume;

    private final ExecutorService client = Executors.newSingleThreadExecutor();

    @BeforeEach
    void latches() {
        drained = new CountDownLatch(1);
        resume = new CountDownLatch(1);
    }

    @AfterEach
    void stopClient() throws InterruptedException {
        resume.countDown();
        client.shutdownNow();
        assertThat(client.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"SELECT", "HYBRID"})
    void aPauseHoldsWhileTheHandlerEmptiesAFullQueue(ServerKind kind) throws Exception {
        BaseServer server = kind.create(HandlerFactory.of(PausingCounter.class), true);
        server.setInboundCapacity(CAPACITY);
        try (RunningServer running = RunningServer.start(server);
                Socket socket = new Socket()) {
            socket.connect(running.address(), 5000);
            Future<String> reply = client.submit(() -> {
                OutputStream out = socket.getOutputStream();
                out.write(new byte[SENT]);
                socket.shutdownOutput();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            });

            assertThat(drained.await(30, TimeUnit.SECONDS)).as("the handler emptied its queue").isTrue();
            long taken = server.statistics().bytesIn();
            assertThat(taken).as("the server stopped reading well before the end").isLessThan(SENT / 2);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> server.statistics().bytesIn() == taken);

            resume.countDown();
            assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo(SENT + "\n");
        }
    }

    /**
     * Waits for its inbound queue to fill, pauses reading, empties the queue, waits for the test,
     * resumes and counts the rest; replies with the count of every byte it read.
     */
    public static class PausingCounter extends StreamRequestHandler {
        /** Makes it. */
        public PausingCounter() {}

        @Override
        public void handle() throws Exception {
            InputStream in = rfile;
            await().atMost(Duration.ofSeconds(20)).until(() -> in.available() >= CAPACITY);
            request.pauseReading();
            byte[] buffer = new byte[8192];
            long count = 0;
            while (in.available() > 0) {
                count += in.read(buffer);
            }
            drained.countDown();
            resume.await();
            request.resumeReading();
            int n;
            while ((n = in.read(buffer)) > 0) {
                count += n;
            }
            wfile.write((count + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
