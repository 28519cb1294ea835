package org.socketserver4j.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * What {@code compare}'s load generators share ({@link LoadGenerator} over TCP,
 * {@link UdpEchoLoad} over UDP, {@link TlsEchoLoad} over TLS): a few threads (selector threads,
 * or a blocking thread per TLS connection), the phases (warm-up, measuring, stopping), the first
 * failure and the result added up over the threads.
 *
 * <p>Use: open (a subclass's factory), {@link #start()} (warm-up: requests are made but not
 * counted), {@link #startMeasuring()}, {@link #stopMeasuring()} (no new requests; those in
 * flight are let finish for a moment), {@link #awaitResult()}, {@link #close()}. While it runs,
 * {@link #awaitUnlessFailed} waits and reports the first failure at once.
 */
public abstract class SelectorLoad implements AutoCloseable {

    /** Latencies above this are recorded as this. */
    static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

    static final int WARMUP = 0;
    static final int MEASURE = 1;
    static final int STOP = 2;

    final List<LoadLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private final Duration drain;
    /** Counts down once per connection at its first reply, in loads that count them; else 0. */
    private CountDownLatch firstReplies = new CountDownLatch(0);
    /** Whether connections that had their first reply wait for every other's before sending more. */
    private volatile boolean holding;
    volatile int phase = WARMUP;
    volatile long drainDeadline;

    /**
     * Requests completed while measuring, their latencies (nanoseconds), and those lost (sent
     * while measuring, never answered in time; always 0 over TCP).
     */
    public record Result(long requests, Histogram latency, long lost) {

        /** A result without losses. */
        public Result(long requests, Histogram latency) {
            this(requests, latency, 0);
        }
    }

    /** A load whose requests in flight get {@code drain} to finish once measuring stops. */
    SelectorLoad(Duration drain) {
        this.drain = drain;
    }

    /** Starts the threads: every connection or sender sends its first requests; none is counted yet. */
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

    /** Makes {@link #awaitFirstReplies} wait for {@code connections} first replies ({@link #firstReply()}). */
    final void countFirstReplies(int connections) {
        firstReplies = new CountDownLatch(connections);
    }

    /**
     * Makes every connection that had its first reply send nothing more until every connection
     * has had its own ({@link #holding()}): what the first connections' loops would take of the
     * machine goes to starting the server's work for the others (ForkingServer: a child JVM each),
     * and the warm-up begins with all of them answered. The threads are woken when it ends.
     */
    final void holdUntilAllAnswered() {
        holding = firstReplies.getCount() > 0;
    }

    /** Whether answered connections still wait for the others' first replies ({@link #holdUntilAllAnswered}). */
    final boolean holding() {
        return holding;
    }

    /** A connection got its first reply (called once per connection, by loads that count them). */
    final void firstReply() {
        firstReplies.countDown();
        if (holding && firstReplies.getCount() == 0) {
            holding = false;
            for (LoadLoop loop : loops) {
                loop.wakeup();
            }
        }
    }

    /**
     * Waits, at most {@code timeout}, until every connection has had its first reply (in loads that
     * count them; others return at once): a server that starts something per connection (a child
     * JVM) has done so for all of them.
     *
     * @throws IOException if the load fails, or some connection had no reply in time
     */
    public void awaitFirstReplies(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Woken by the last first reply; every 100 ms a look at whether the load failed meanwhile.
        while (!firstReplies.await(Math.min(100_000_000, Math.max(0, deadline - System.nanoTime())),
                TimeUnit.NANOSECONDS)) {
            awaitUnlessFailed(Duration.ZERO);
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException(firstReplies.getCount() + " connections had no reply within "
                        + DurationConverter.format(timeout));
            }
        }
    }

    /** From now on, completed requests are counted and their latency recorded; the threads are told. */
    public void startMeasuring() {
        phase = MEASURE;
        for (LoadLoop loop : loops) {
            loop.wakeup();
        }
    }

    /** Stops counting and sending: requests in flight get a moment to finish, then the threads end. */
    public void stopMeasuring() {
        drainDeadline = System.nanoTime() + drain.toNanos();
        phase = STOP;
        for (LoadLoop loop : loops) {
            loop.wakeup();
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
            if (!thread.join(drain.plusSeconds(10))) {
                throw new IOException(thread.getName() + " did not stop");
            }
        }
        if (failure.isCompletedExceptionally()) {
            awaitUnlessFailed(Duration.ZERO);
        }
        Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        long requests = 0;
        long lost = 0;
        for (LoadLoop loop : loops) {
            requests += loop.requests;
            lost += loop.lost;
            latency.add(loop.latency);
        }
        return new Result(requests, latency, lost);
    }

    /** Stops the threads if running and closes every channel and selector. */
    @Override
    public void close() {
        if (phase != STOP) {
            stopMeasuring();
        }
        drainDeadline = System.nanoTime();
        for (LoadLoop loop : loops) {
            loop.abort();
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
        for (LoadLoop loop : loops) {
            loop.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException asIOException(Throwable t) {
        return t instanceof IOException io ? io : new IOException(t.toString(), t);
    }

    /** One load thread: what it counted, and the first failure it reports to its load. */
    abstract static class LoadLoop implements Runnable {
        final SelectorLoad load;
        final Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        long requests;
        long lost;

        LoadLoop(SelectorLoad load) {
            this.load = load;
        }

        @Override
        public final void run() {
            try {
                serve();
            } catch (Throwable t) {
                load.failure.completeExceptionally(t instanceof UncheckedIOException u ? u.getCause() : t);
            }
        }

        /** Sends and receives until stopped and drained. */
        abstract void serve() throws IOException;

        /** Tells the thread that the phase changed. */
        abstract void wakeup();

        /** Makes the thread end soon, before {@link #close()}: by default as {@link #wakeup()}. */
        void abort() {
            wakeup();
        }

        /** Releases what the thread used, once it has ended. */
        abstract void close();

        /** Whether the load has stopped and its drain time is over. */
        final boolean drained() {
            return load.phase == STOP && System.nanoTime() - load.drainDeadline >= 0;
        }

        /** Counts a completed request and its latency. */
        final void record(long latencyNanos) {
            requests++;
            latency.recordValue(Math.min(latencyNanos, HIGHEST_LATENCY_NANOS));
        }

    }

    /** One selector thread. */
    abstract static class SelectorLoop extends LoadLoop {
        final Selector selector;

        SelectorLoop(SelectorLoad load) throws IOException {
            super(load);
            this.selector = Selector.open();
        }

        /** Closes this thread's channels. */
        abstract void closeChannels();

        @Override
        final void wakeup() {
            selector.wakeup();
        }

        @Override
        final void close() {
            closeChannels();
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
