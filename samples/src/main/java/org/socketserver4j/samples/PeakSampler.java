package org.socketserver4j.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ResourcePeaks} of a server process while a row's load runs: started before the
 * warm-up, stopped at the end of the measured window. In between, a platform daemon thread of its
 * own samples the process every {@link #INTERVAL}: its threads and resident set from
 * {@code /proc/PID/status}, and, for a JVM, the Java heap in use from its PerfData
 * ({@link PerfData}: read in place, without attaching, which would disturb what is measured).
 * At the stop it reads the resident set's high-water mark ({@code VmHWM}), which no sample can
 * miss, reset at the start ({@link ProcessMemory#resetPeakRss}: a server JVM serves row after
 * row); where it cannot be reset, the highest sample stands alone. A process
 * without PerfData (not a JVM) has an unknown heap; PerfData that cannot be read makes the heap
 * unknown for the row, says why on standard error once, and stops nothing else.
 */
final class PeakSampler implements AutoCloseable {

    /** How often it samples. */
    static final Duration INTERVAL = Duration.ofMillis(150);

    private final long pid;
    private final Duration interval;
    private final PrintWriter err;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private long threads = -1;
    private long rssBytes = -1;
    private long heapUsedBytes = -1;
    /** Its PerfData once opened; empty once known to have none, or once reading it failed. */
    private Optional<PerfData> perfData;
    private boolean heapFailed;
    /** Whether the high-water mark was reset at the start, so that it counts from then. */
    private boolean highWaterReset;
    private ResourcePeaks peaks;

    private PeakSampler(long pid, Duration interval, PrintWriter err) {
        this.pid = pid;
        this.interval = interval;
        this.err = err;
        this.thread = Thread.ofPlatform().daemon().name("compare-peaks-" + pid).unstarted(this::run);
    }

    /** Starts sampling process {@code pid} every {@link #INTERVAL}; a problem with its PerfData goes to {@code err}. */
    static PeakSampler start(long pid, PrintWriter err) {
        return start(pid, INTERVAL, err);
    }

    /** Starts sampling process {@code pid} every {@code interval}. */
    static PeakSampler start(long pid, Duration interval, PrintWriter err) {
        PeakSampler sampler = new PeakSampler(pid, interval, err);
        sampler.highWaterReset = ProcessMemory.resetPeakRss(pid);
        sampler.thread.start();
        return sampler;
    }

    private void run() {
        try {
            do {
                sample();
            } while (!stopping.await(interval.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Reads the process once, keeping the highest of each number. */
    private void sample() {
        ProcessMemory.status(pid).ifPresent(status -> {
            threads = Math.max(threads, status.threads());
            rssBytes = Math.max(rssBytes, status.rssBytes());
        });
        if (heapFailed) {
            return;
        }
        try {
            if (perfData == null) {
                perfData = PerfData.ofProcess(pid);
            }
            if (perfData.isPresent()) {
                heapUsedBytes = Math.max(heapUsedBytes, perfData.get().heapUsedBytes());
            }
        } catch (IOException | RuntimeException e) {
            // A peak over part of the window would understate it.
            heapFailed = true;
            heapUsedBytes = -1;
            perfData = Optional.empty();
            err.println("compare:   peak heap unknown: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            err.flush();
        }
    }

    /**
     * Stops sampling, reads once more and returns the peaks since the start: the most threads,
     * the most heap in use and the resident set's high-water mark (the highest sample where the
     * OS gives none); -1 where unknown. Later calls return the same.
     */
    synchronized ResourcePeaks stop() {
        if (peaks == null) {
            close();
            sample();
            OptionalLong highWater = highWaterReset ? ProcessMemory.peakRssBytes(pid) : OptionalLong.empty();
            peaks = new ResourcePeaks(threads, heapUsedBytes, Math.max(rssBytes, highWater.orElse(-1)));
        }
        return peaks;
    }

    /**
     * Stops sampling and waits for its thread to end (an interrupt meanwhile is kept for the
     * caller); what {@link #stop} returns is not read.
     */
    @Override
    public void close() {
        stopping.countDown();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
