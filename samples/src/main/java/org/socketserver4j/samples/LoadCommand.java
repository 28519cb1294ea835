package org.socketserver4j.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code load}: {@code compare}'s load generator on its own, against any server: closed-loop
 * echo on {@code --connections} connections, every reply checked byte for byte, then one line
 * of requests/s, MB/s, latency percentiles and errors. A wrong byte, an early end of stream or
 * an I/O error fails the run (exit status 1) with what went wrong.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load a server of your own as compare does, every reply checked; prints one line of figures.")
public final class LoadCommand implements Callable<Integer> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--workload", defaultValue = "echo",
            description = "What to send: echo (the server must send every byte back) (default: ${DEFAULT-VALUE}).")
    private String workload;

    @Option(names = "--connections", defaultValue = "64",
            description = "Connections, each one request in flight (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--message-size", defaultValue = "64",
            description = "Bytes per request (default: ${DEFAULT-VALUE}).")
    private int messageSize;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
            description = "Load before measuring, not counted (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--client-threads", defaultValue = "1",
            description = "Selector threads of the load generator (default: ${DEFAULT-VALUE}).")
    private int clientThreads;

    @Parameters(paramLabel = "HOST:PORT", description = "The server to load.")
    private String target;

    /** Makes the command; picocli sets its options. */
    public LoadCommand() {}

    @Override
    public Integer call() throws Exception {
        if (!workload.equals("echo")) {
            throw new ParameterException(spec.commandLine(), "--workload: only echo for now, not '" + workload + "'");
        }
        if (connections < 1 || messageSize < 1 || clientThreads < 1 || clientThreads > connections) {
            throw new ParameterException(spec.commandLine(),
                    "need --connections >= --client-threads >= 1 and --message-size >= 1");
        }
        InetSocketAddress address = parse(target);
        try (CompareProgress progress = CompareProgress.open(spec.commandLine().getErr(), "load",
                List.of(warmup.plus(duration)))) {
            progress.row(target);
            return run(address, progress.above(spec.commandLine().getOut()), progress.err());
        }
    }

    /** Loads {@code address}, then prints its line of figures to {@code out}, or what went wrong to {@code err}. */
    private int run(InetSocketAddress address, PrintWriter out, PrintWriter err) throws InterruptedException {
        try (LoadGenerator load = LoadGenerator.open(address, connections, messageSize, clientThreads,
                CONNECT_TIMEOUT)) {
            load.start();
            load.awaitUnlessFailed(warmup);
            load.startMeasuring();
            long from = System.nanoTime();
            load.awaitUnlessFailed(duration);
            load.stopMeasuring();
            Duration window = Duration.ofNanos(System.nanoTime() - from);
            SelectorLoad.Result result = load.awaitResult();
            out.println(summary(result.requests(), window, result.latency()));
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("load: " + address + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** One line of figures: requests/s, MB/s, latency percentiles in µs, errors (always 0 here). */
    String summary(long requests, Duration window, Histogram latency) {
        double seconds = window.toNanos() / 1e9;
        return String.format(Locale.ROOT,
                "%s %d connections x %d bytes: %,.0f req/s, %.1f MB/s, latency p50 %d p99 %d p99.9 %d max %d us,"
                        + " %,d replies checked, 0 errors",
                workload, connections, messageSize, requests / seconds, requests * (double) messageSize / seconds / 1e6,
                micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
                micros(latency.getValueAtPercentile(99.9)), micros(latency.getMaxValue()), requests);
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos);
    }

    /** {@code HOST:PORT}; a bracketed IPv6 host is taken as it is. */
    private InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new ParameterException(spec.commandLine(), "expected HOST:PORT, not '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "expected HOST:PORT, not '" + hostPort + "'");
        }
    }
}
