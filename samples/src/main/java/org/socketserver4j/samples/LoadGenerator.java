package org.socketserver4j.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The load of {@code compare}: {@code connections} TCP connections, each a closed loop that
 * sends a fixed message, waits until the server has sent all of it back (checking the bytes),
 * and sends it again at once. A few selector threads drive them all, so a thousand connections
 * cost a thousand sockets, not a thousand threads.
 *
 * <p>Use: {@link #open}, {@link #start()} (warm-up: requests are made but not counted),
 * {@link #startMeasuring()}, {@link #stopMeasuring()} (no new requests; those in flight are
 * let finish for a moment), {@link #awaitResult()}, {@link #close()}. While it runs,
 * {@link #awaitUnlessFailed} waits and reports the first failure (a wrong byte, an early end
 * of stream, an I/O error) at once.
 */
public final class LoadGenerator implements AutoCloseable {

    /** Latencies above this are recorded as this. */
    static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final List<Loop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private volatile int phase = WARMUP;
    private volatile long drainDeadline;

    /** Requests completed while measuring, and their latencies (nanoseconds). */
    public record Result(long requests, Histogram latency) {}

    private LoadGenerator() {}

    /**
     * Connects {@code connections} connections to {@code target}, spread over {@code threads}
     * selector threads (not started yet).
     *
     * @throws IOException if a connection fails or all do not connect within {@code timeout};
     *     those opened are closed
     */
    public static LoadGenerator open(InetSocketAddress target, int connections, int messageSize, int threads,
            Duration timeout) throws IOException {
        if (connections < 1 || messageSize < 1 || threads < 1 || threads > connections) {
            throw new IllegalArgumentException("need connections >= threads >= 1 and messageSize >= 1");
        }
        LoadGenerator generator = new LoadGenerator();
        try {
            for (int i = 0; i < threads; i++) {
                generator.loops.add(generator.new Loop(Selector.open()));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            SplittableRandom random = new SplittableRandom(862);
            for (int i = 0; i < connections; i++) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException("connected " + i + " of " + connections + " connections in "
                            + DurationConverter.format(timeout) + ", no more");
                }
                SocketChannel channel = SocketChannel.open();
                Loop loop = generator.loops.get(i % threads);
                try {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.socket().connect(target, (int) Math.min(left, Integer.MAX_VALUE));
                    channel.configureBlocking(false);
                    byte[] message = new byte[messageSize];
                    random.nextBytes(message);
                    loop.add(new Conn(channel, message));
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
            return generator;
        } catch (IOException | RuntimeException | Error e) {
            generator.close();
            throw e;
        }
    }

    /** Starts the threads: every connection sends its first request; none is counted yet. */
    public void start() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("started already");
        }
        for (int i = 0; i < loops.size(); i++) {
            Thread thread = Thread.ofPlatform().daemon().name("compare-load-" + i).unstarted(loops.get(i));
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Waits for {@code duration}, or less if the load fails.
     *
     * @throws IOException what failed
     */
    public void awaitUnlessFailed(Duration duration) throws IOException, InterruptedException {
        try {
            failure.get(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return;
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
    }

    /** From now on, completed requests are counted and their latency recorded. */
    public void startMeasuring() {
        phase = MEASURE;
    }

    /**
     * Stops counting and sending: each connection finishes the request in flight (for up to
     * 2 s), then its thread ends.
     */
    public void stopMeasuring() {
        drainDeadline = System.nanoTime() + DRAIN.toNanos();
        phase = STOP;
        for (Loop loop : loops) {
            loop.selector.wakeup();
        }
    }

    /**
     * Waits for the threads to end (after {@link #stopMeasuring()}) and adds up what they
     * counted.
     *
     * @throws IOException if the load failed
     */
    public Result awaitResult() throws IOException, InterruptedException {
        for (Thread thread : threads) {
            if (!thread.join(DRAIN.plusSeconds(10))) {
                throw new IOException(thread.getName() + " did not stop");
            }
        }
        if (failure.isCompletedExceptionally()) {
            awaitUnlessFailed(Duration.ZERO);
        }
        Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        long requests = 0;
        for (Loop loop : loops) {
            requests += loop.requests;
            latency.add(loop.latency);
        }
        return new Result(requests, latency);
    }

    /** Stops the threads if running and closes every connection and selector. */
    @Override
    public void close() {
        if (phase != STOP) {
            stopMeasuring();
        }
        drainDeadline = System.nanoTime();
        for (Loop loop : loops) {
            loop.selector.wakeup();
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        for (Loop loop : loops) {
            loop.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException asIOException(Throwable t) {
        return t instanceof IOException io ? io : new IOException(t.toString(), t);
    }

    /** One selector thread and its connections. */
    private final class Loop implements Runnable {
        final Selector selector;
        final List<Conn> conns = new ArrayList<>();
        final Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        long requests;
        int inFlight;

        Loop(Selector selector) {
            this.selector = selector;
        }

        void add(Conn conn) throws IOException {
            conns.add(conn);
            conn.key = conn.channel.register(selector, SelectionKey.OP_READ, conn);
        }

        @Override
        public void run() {
            try {
                long now = System.nanoTime();
                for (Conn conn : conns) {
                    conn.send(now);
                }
                inFlight = conns.size();
                while (inFlight > 0 && (phase != STOP || System.nanoTime() - drainDeadline < 0)) {
                    selector.select(this::ready, 100);
                }
            } catch (Throwable t) {
                failure.completeExceptionally(t instanceof UncheckedIOException u ? u.getCause() : t);
            }
        }

        private void ready(SelectionKey key) {
            Conn conn = (Conn) key.attachment();
            try {
                if (key.isWritable()) {
                    conn.flush();
                }
                if (key.isReadable() && conn.read()) {
                    long now = System.nanoTime();
                    int p = phase;
                    if (p == MEASURE) {
                        requests++;
                        latency.recordValue(Math.min(now - conn.sentAt, HIGHEST_LATENCY_NANOS));
                    }
                    if (p == STOP) {
                        inFlight--;
                    } else {
                        conn.send(now);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            for (Conn conn : conns) {
                try {
                    conn.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** A connection: its message, what came back of it, and when it was sent. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer expected;
        final ByteBuffer in;
        SelectionKey key;
        long sentAt;

        Conn(SocketChannel channel, byte[] message) {
            this.channel = channel;
            this.out = ByteBuffer.allocateDirect(message.length).put(message).flip();
            this.expected = out.asReadOnlyBuffer();
            this.in = ByteBuffer.allocateDirect(message.length);
        }

        void send(long now) throws IOException {
            sentAt = now;
            out.clear();
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            channel.write(out);
            if (!out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        /** Reads what is there; true once the whole message is back (and checked). */
        boolean read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server ended a connection (" + in.position() + " of "
                        + in.capacity() + " bytes of a response received)");
            }
            if (in.hasRemaining()) {
                return false;
            }
            in.flip();
            if (!in.equals(expected)) {
                throw new IOException("the server sent back other bytes than it was sent");
            }
            in.clear();
            return true;
        }
    }
}
