package org.socketserver4j.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The {@code scale} workload against one server: {@code busy} connections of closed-loop echo
 * measured alone, then {@code held} idle connections opened ({@link HeldConnections}) and the
 * same busy echo measured again beside them; what the server holds is read before any
 * connection and again with all of them open (after a full GC, for a JVM), then every held
 * connection must echo once more. The cost of the idle connections is the difference.
 */
final class ScaleRun {

    /**
     * What a scale run does.
     *
     * @param held idle connections held during the second measurement
     * @param busy connections of closed-loop echo, measured alone and beside the idle ones
     * @param messageSize bytes per busy request
     * @param clientThreads the busy load's selector threads
     * @param warmup load before each measured window
     * @param duration each measured window
     * @param connectTimeout the longest the busy connections may take to connect
     * @param heldTimeout the longest opening (and checking) the idle connections may take
     */
    record Settings(int held, int busy, int messageSize, int clientThreads, Duration warmup, Duration duration,
            Duration connectTimeout, Duration heldTimeout) {}

    private ScaleRun() {}

    /**
     * Measures {@code run}'s server, running and listening; a problem reading its peaks is said on
     * {@code err}.
     *
     * @throws IOException if a load fails, the idle connections cannot be opened, or the server
     *     dies or serves no request in a window
     */
    static ScaleMeasurement measure(ServerUnderTest server, CompareCommand.Run run, Settings settings,
            PrintWriter err) throws IOException, InterruptedException {
        boolean jvm = run.contender().jvm();
        ProcessMemory.Reading idle = ProcessMemory.afterFullGc(server, jvm);
        Measurement alone;
        try (LoadGenerator busy = busy(server, settings)) {
            alone = ClosedLoopWindow.measure(server, busy, run, settings.warmup(), settings.duration(),
                    settings.connectTimeout(), err);
        }
        long start = System.nanoTime();
        try (HeldConnections held = HeldConnections.open(server.address(), settings.held(), settings.heldTimeout())) {
            long openMillis = (System.nanoTime() - start) / 1_000_000;
            Measurement beside;
            ProcessMemory.Reading holding;
            try (LoadGenerator busy = busy(server, settings)) {
                beside = ClosedLoopWindow.measure(server, busy, run, settings.warmup(), settings.duration(),
                        settings.connectTimeout(), err);
                holding = ProcessMemory.afterFullGc(server, jvm);
            }
            int notEchoing = held.echoAll();
            if (!server.isAlive()) {
                throw new IOException("the server died while measured");
            }
            return new ScaleMeasurement(alone, beside, new HeldMeasurement(run.contender(), run.style(),
                    settings.held(), settings.busy(), idle.status().rssBytes(), idle.status().threads(),
                    holding.status().rssBytes(), holding.status().threads(), idle.heapUsedBytes(),
                    holding.heapUsedBytes(), idle.gcDone() && holding.gcDone(), openMillis, notEchoing, null)
                    .withSelector(run.selector()));
        }
    }

    private static LoadGenerator busy(ServerUnderTest server, Settings settings) throws IOException {
        return LoadGenerator.open(server.address(), settings.busy(), settings.messageSize(),
                settings.clientThreads(), settings.connectTimeout());
    }
}
