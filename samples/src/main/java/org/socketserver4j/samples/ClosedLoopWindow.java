package org.socketserver4j.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * One measured run of a closed-loop load against a server under test, as every closed-loop row
 * of {@code compare} is made: the load starts, every connection gets its first reply (where the
 * load counts them: ForkingServer starts a child JVM per connection first), the warm-up runs,
 * then the measured window, read by a {@link MeasuredWindow}, the server's peaks sampled
 * meanwhile ({@link PeakSampler}).
 */
final class ClosedLoopWindow {

    private ClosedLoopWindow() {}

    /**
     * Runs {@code load} (opened, not started) against {@code server} and makes the row of
     * {@code run} from it.
     *
     * @param firstReplies the longest wait for every connection's first reply
     * @param err where a problem with reading the server's peaks is said ({@link PeakSampler})
     * @throws IOException if the load fails, a connection gets no first reply in time, or the
     *     server dies or completes no request in the window
     */
    static Measurement measure(ServerUnderTest server, SelectorLoad load, CompareCommand.Run run, Duration warmup,
            Duration duration, Duration firstReplies, PrintWriter err) throws IOException, InterruptedException {
        try (PeakSampler sampler = PeakSampler.start(server.pid(), err)) {
            load.start();
            load.awaitFirstReplies(firstReplies);
            load.awaitUnlessFailed(warmup);
            MeasuredWindow window = MeasuredWindow.open(server);
            load.startMeasuring();
            load.awaitUnlessFailed(duration);
            load.stopMeasuring();
            MeasuredWindow.Readings readings = window.close();
            ResourcePeaks peaks = sampler.stop();
            SelectorLoad.Result result = load.awaitResult();
            checkServed(server, result.requests(), duration);
            return Measurement.of(run.contender(), run.style(), result.requests(), readings.window(),
                    result.latency(), readings.serverCpu(), readings.clientCpu(), readings.machineCores(),
                    result.lost()).withPeaks(peaks).withSelector(run.selector());
        }
    }

    /** Checks that {@code server} outlived its measured window and answered at least one request in it. */
    static void checkServed(ServerUnderTest server, long requests, Duration duration) throws IOException {
        if (!server.isAlive()) {
            throw new IOException("the server died while measured");
        }
        if (requests == 0) {
            throw new IOException("no request completed in " + DurationConverter.format(duration));
        }
    }
}
