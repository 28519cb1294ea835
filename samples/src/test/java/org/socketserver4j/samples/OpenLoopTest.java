package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.handlers.EchoEventHandler;

/** The load generator as an open loop (wrk2's method) on real sockets. */
class OpenLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SIZE = 16;

    private final Closer cleanup = new Closer();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.closeAll();
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-load-", "stalling-echo");
    }

    private SelectorLoad.Result run(InetSocketAddress target, int connections, double rate, Duration measured)
            throws IOException, InterruptedException {
        LoadGenerator load = cleanup.add(LoadGenerator.open(target, connections, EchoExchange.factory(SIZE), 1, rate,
                WAIT));
        load.start();
        load.startMeasuring();
        load.awaitUnlessFailed(measured);
        load.stopMeasuring();
        return load.awaitResult();
    }

    @Test
    void sendsNoFasterThanTheRateAsked() throws Exception {
        Serving serving = cleanup.add(Serving.start(Strategy.SELECT.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(EchoEventHandler.class))));

        SelectorLoad.Result result = run(serving.address(), 2, 100, Duration.ofMillis(500));

        // 100 a second for half a second: about 50 (a closed loop would make thousands); each connection's
        // first request at once, and the next one early by less than a millisecond at most.
        assertThat(result.requests()).isPositive().isLessThanOrEqualTo(60);
        assertThat(result.latency().getTotalCount()).isEqualTo(result.requests());
    }

    @Test
    void aServerThatStallsOnceShowsInTheLatencyOfEveryRequestItHeldBack() throws Exception {
        // Echo, but the 20th request is answered 300 ms late; at 200 requests a second (one every 5 ms)
        // the stall holds back about 60 requests, whose latencies run from their intended times.
        InetSocketAddress server = FakeServer.start(cleanup, "stalling-echo", WAIT, socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] request;
            for (int n = 1; (request = in.readNBytes(SIZE)).length == SIZE; n++) {
                if (n == 20) {
                    stall(Duration.ofMillis(300));
                }
                out.write(request);
            }
        });

        Histogram latency = run(server, 1, 200, Duration.ofSeconds(1)).latency();

        long stalled = latency.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(100), Long.MAX_VALUE);
        assertThat(latency.getMaxValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
        assertThat(stalled).as("requests charged over 100 ms: a closed loop charges one").isGreaterThanOrEqualTo(10);
    }

    /** The fake server's stall: it holds its reply back, a server that stops for a while. */
    private static void stall(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
