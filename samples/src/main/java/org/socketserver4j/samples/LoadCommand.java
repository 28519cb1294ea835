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
 * {@code load}: {@code compare}'s load generator on its own, against any server: closed loops on
 * {@code --connections} connections of one of {@code compare}'s request/response workloads
 * ({@code --workload}: echo, large, http, http-pipelined, resp), every reply checked as
 * {@code compare} checks it, then one line of requests/s (and MB/s of echo), latency percentiles
 * and errors. The warm-up begins once every connection has had its first reply (an answered
 * connection waits for the others: {@link LoadGenerator}). A wrong or malformed reply, an early
 * end of stream, a connection with no reply within 30 s or an I/O error fails the run (exit
 * status 1) with what went wrong.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load a server of your own as compare does, every reply checked; prints one line of figures.")
public final class LoadCommand implements Callable<Integer> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    /** The message size of the large workload when --message-size is not given. */
    static final int LARGE_SIZE = 262_144;

    @Option(names = "--workload", defaultValue = "echo", converter = Workload.Converter.class,
            description = "What to send, as compare's workload of that name: echo (every byte back), large (echo of"
                    + " " + LARGE_SIZE + " bytes), http (GET /plaintext, answered 200 'Hello, World!'), http-pipelined"
                    + " (--pipeline of them at once), resp (PING, SET, GET) (default: ${DEFAULT-VALUE}).")
    private Workload workload;

    @Option(names = "--connections", defaultValue = "64",
            description = "Connections, each one request in flight (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--message-size",
            description = "Bytes per request of echo (default: 64) and large (default: " + LARGE_SIZE + ").")
    private Integer messageSize;

    @Option(names = "--pipeline", defaultValue = "16",
            description = "Requests http-pipelined writes at once per connection (default: ${DEFAULT-VALUE}).")
    private int pipeline;

    @Option(names = "--rate", defaultValue = "0",
            description = "Open loop: requests a second over all connections, each connection on a fixed schedule and"
                    + " latency from each request's intended send time (wrk2's method); 0: closed loops"
                    + " (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
            description = "Load before measuring, not counted, once every connection has had its first reply"
                    + " (default: ${DEFAULT-VALUE}).")
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
        protocol();
        if (connections < 1 || messageSize() < 1 || clientThreads < 1 || clientThreads > connections) {
            throw new ParameterException(spec.commandLine(),
                    "need --connections >= --client-threads >= 1 and --message-size >= 1");
        }
        if (pipeline < 1 || rate < 0) {
            throw new ParameterException(spec.commandLine(), "need --pipeline >= 1 and --rate >= 0");
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
        try (LoadGenerator load = LoadGenerator.open(address, connections,
                protocol().exchanges(address, messageSize(), workload == Workload.HTTP_PIPELINED ? pipeline : 1),
                clientThreads, rate, CONNECT_TIMEOUT)) {
            load.start();
            load.awaitFirstReplies(CONNECT_TIMEOUT);
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

    /** The protocol of {@code --workload}; a usage error for a workload {@code load} does not run. */
    private Protocol protocol() {
        try {
            Protocol protocol = Protocol.of(workload);
            if (messageSize != null && protocol != Protocol.ECHO) {
                throw new ParameterException(spec.commandLine(), "--message-size applies to echo and large, not "
                        + workload);
            }
            return protocol;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--workload: load runs echo, large, http,"
                    + " http-pipelined or resp, not " + workload);
        }
    }

    /** Bytes per echo request: {@code --message-size}, else 64, or {@value #LARGE_SIZE} for large. */
    private int messageSize() {
        return messageSize != null ? messageSize : workload == Workload.LARGE ? LARGE_SIZE : 64;
    }

    /**
     * One line of figures: what was run (and the open loop's rate), requests/s (and MB/s of
     * echo), latency percentiles in µs, replies checked, errors (always 0 here), and whether an
     * open loop fell behind its rate.
     */
    String summary(long requests, Duration window, Histogram latency) {
        double seconds = window.toNanos() / 1e9;
        boolean echo = protocol() == Protocol.ECHO;
        String what = workload + " " + connections + " connections"
                + (echo ? " x " + messageSize() + " bytes" : "")
                + (workload == Workload.HTTP_PIPELINED ? " x " + pipeline + " pipelined" : "")
                + (rate > 0 ? String.format(Locale.ROOT, ", open loop at %,d req/s", rate) : "");
        double achieved = requests / seconds;
        return String.format(Locale.ROOT,
                "%s: %,.0f req/s%s, latency p50 %d p99 %d p99.9 %d max %d us, %,d replies checked, 0 errors%s",
                what, achieved,
                echo ? String.format(Locale.ROOT, ", %.1f MB/s", requests * (double) messageSize() / seconds / 1e6) : "",
                micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
                micros(latency.getValueAtPercentile(99.9)), micros(latency.getMaxValue()), requests,
                rate > 0 && achieved < SendSchedule.KEPT_UP * rate
                        ? String.format(Locale.ROOT, "; behind: %.0f%% of the rate asked", 100 * achieved / rate) : "");
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
