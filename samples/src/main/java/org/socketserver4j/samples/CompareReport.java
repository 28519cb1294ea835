package org.socketserver4j.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.socketserver4j.handlers.http.HttpHandler;

/** The Markdown report of {@code compare}: the machine, the load, and one table row per server. */
public final class CompareReport {

    /** Shown where a number is unknown or does not apply. */
    static final String NONE = "–";

    /**
     * What every table's selector column means, and which Netty row a row is compared with: the
     * end of each table's reading note.
     */
    static final String SELECTOR_NOTE = "selector: what the server's connections wait on, epoll or poll (the JDK's"
            + " selector provider, or Python's selectors class), checked in the server's log; none: a thread or"
            + " process per connection with blocking I/O (only its acceptor has a selector); a row is compared"
            + " with Netty's on the same selector.";

    /** Busy cores beyond the server and the load generator above which a row is flagged. */
    static final double DISTURBED_CORES = 0.2;

    /** The heading of the last column of every closed-loop table: the server's {@link ResourcePeaks}. */
    static final String PEAKS_HEADING = "peak threads / heap / RSS MiB";

    /** What {@link #PEAKS_HEADING}'s column means, for a table's reading note. */
    static final String PEAKS_NOTE = "peak threads / heap / RSS MiB: the most operating-system threads, Java heap in"
            + " use and resident set (MiB, 2^20 bytes) of the server's process from the start of the warm-up to the"
            + " end of the measured window, the highest over rounds; threads and heap sampled every "
            + PeakSampler.INTERVAL.toMillis() + " ms, the heap from the JVM's PerfData counters (as jstat reads"
            + " them: G1 updates them region by region), the resident set its high-water mark (VmHWM, reset"
            + " at the start of the warm-up through /proc/PID/clear_refs);"
            + " " + NONE + " where unknown (a heap: not a JVM).";

    private CompareReport() {}

    /**
     * What the comparison ran.
     *
     * @param command the command line that reproduces it, every option spelled out
     * @param connections connections of the load generator
     * @param messageSize bytes per request (and response)
     * @param clientThreads the load generator's threads
     * @param warmup warm-up per server, not counted
     * @param duration measured window per server
     * @param rounds how many times each server was measured (in turn); the table shows medians
     * @param serverThreads worker reactors of HybridServer and event-loop threads of Netty
     * @param rate requests a second of an open loop over all connections; 0: closed loops
     */
    public record Settings(String command, int connections, int messageSize, int clientThreads,
            Duration warmup, Duration duration, int rounds, int serverThreads, int rate, boolean freshJvm) {

        /** The settings of a run whose servers each keep one JVM for the run ({@link ServerHost}). */
        public Settings(String command, int connections, int messageSize, int clientThreads, Duration warmup,
                Duration duration, int rounds, int serverThreads, int rate) {
            this(command, connections, messageSize, clientThreads, warmup, duration, rounds, serverThreads, rate,
                    false);
        }

        /** The settings of closed loops. */
        public Settings(String command, int connections, int messageSize, int clientThreads, Duration warmup,
                Duration duration, int rounds, int serverThreads) {
            this(command, connections, messageSize, clientThreads, warmup, duration, rounds, serverThreads, 0);
        }
    }

    /**
     * How the load was made, the sentence after "Load:" of a report: connections, message size
     * ({@code size} as it should read) and what each request is ({@code each}), load-generator
     * threads, warm-up, duration, rounds and server threads; ends with a blank line.
     */
    static String loadDescription(Settings settings, String size, String each) {
        return connections(settings) + " to 127.0.0.1, " + loop(settings) + " " + size + "-byte echo requests ("
                + each + "), " + runDescription(settings) + "\n\n";
    }

    /**
     * How the connections send, before what they send: {@code each a closed loop of}, or
     * {@code together an open loop at N req/s (...) of} ({@link #openLoop} says more).
     */
    static String loop(Settings settings) {
        return settings.rate() == 0 ? "each a closed loop of"
                : String.format(Locale.ROOT, "together an open loop at %,d req/s (each connection on a fixed"
                        + " schedule, see below) of", settings.rate());
    }

    /**
     * Under an open loop's table: how it sent and measured, and the rows that could not keep up
     * (flagged {@code (behind)} in the table: they achieved less than {@link SendSchedule#KEPT_UP}
     * of the rate); {@code batch} requests pipelined at once. Empty for closed loops; else starts
     * with a blank line.
     */
    static String openLoop(Settings settings, List<Measurement> rows, int batch) {
        if (settings.rate() == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%nOpen loop at %,d req/s (wrk2's method):"
                + " each connection sends on a fixed schedule, %s %s a second, the connections' start times"
                + " staggered and started afresh when the measured window opens (a backlog of the warm-up is not"
                + " carried into it); a request whose time comes while its connection still waits for a reply goes"
                + " as soon as the reply is in. Latency runs from a request's intended send time (or from when it went, if"
                + " the selector's whole-millisecond wait sent it up to 1 ms early), so a server that stalls is"
                + " charged for every request the stall held back (coordinated omission corrected). req/s is the"
                + " rate achieved; (behind): under %.0f%% of the rate asked, the server could not keep up, and its"
                + " latencies grow with the length of the run.",
                settings.rate(), number((double) settings.rate() / settings.connections() / batch),
                batch == 1 ? "requests" : "batches of " + batch + " requests, each response's latency from its batch's"
                        + " intended time,", SendSchedule.KEPT_UP * 100));
        List<String> behind = rows.stream().filter(row -> behind(settings, row))
                .map(row -> String.format(Locale.ROOT, "%s %s (%,.0f req/s, %.0f%%)", row.contender().label(),
                        row.style(), row.requestsPerSecond(), 100 * row.requestsPerSecond() / settings.rate()))
                .toList();
        if (!behind.isEmpty()) {
            text.append(" Could not keep up: ").append(String.join("; ", behind)).append('.');
        }
        return text.append('\n').toString();
    }

    /** Whether measured {@code row} of an open loop achieved less than {@link SendSchedule#KEPT_UP} of its rate. */
    static boolean behind(Settings settings, Measurement row) {
        return behind(settings.rate(), row);
    }

    /** The share of an open loop's rate a row must achieve not to be behind ({@link SendSchedule#KEPT_UP}). */
    public static final double KEPT_UP = SendSchedule.KEPT_UP;

    /**
     * Whether measured {@code row} of an open loop at {@code rate} requests/s (0: a closed loop, never
     * behind) achieved less than {@link SendSchedule#KEPT_UP} of it.
     */
    public static boolean behind(int rate, Measurement row) {
        return rate > 0 && row.ok() && row.requestsPerSecond() < KEPT_UP * rate;
    }

    /**
     * The part of a load description every closed loop shares: load-generator threads, warm-up,
     * duration, rounds and server threads, ending with a full stop.
     */
    static String runDescription(Settings settings) {
        return runDescription(settings, "from " + settings.clientThreads()
                + (settings.clientThreads() == 1 ? " load-generator thread" : " load-generator threads")
                + " (NIO)");
    }

    /**
     * Where the servers ran: a new JVM per row ({@code freshJvm}), or one JVM per server for the
     * whole run, each row's server started and stopped in it.
     */
    static String jvms(boolean freshJvm) {
        return freshJvm ? "each server in a new JVM of its own for every row"
                : "each server in a JVM of its own, kept for the run (each row's server started and stopped in it)";
    }

    /** {@link #runDescription(Settings)} with the load generator described by {@code client}. */
    static String runDescription(Settings settings, String client) {
        return client + "; " + jvms(settings.freshJvm()) + ", " + DurationConverter.format(settings.warmup())
                + " warm-up, then " + DurationConverter.format(settings.duration()) + " measured"
                + (settings.rounds() == 1 ? ""
                        : "; " + settings.rounds() + " rounds (the servers in turn),"
                                + " every number the median of the " + settings.rounds())
                + "; HybridServer workers and Netty event-loop threads: " + settings.serverThreads()
                + ".";
    }

    /** The report's first lines: the command and the machine. */
    static StringBuilder header(MachineInfo machine, Settings settings) {
        return new StringBuilder()
                .append("Command: `").append(settings.command()).append("`\n\n")
                .append("Machine: ").append(machine.describe()).append(".\n");
    }

    /** The first cells of a row: the server, its handler style and its selector, and the separator after them. */
    static String rowStart(Contender contender, Style style, SelectorChoice selector) {
        return "| " + contender.label() + " | " + style + " | " + selector.label() + " | ";
    }

    /**
     * The row of a server that could not be measured or did not take part: its name, style,
     * selector and why ({@code failed: ...}, {@code not run: ...}), then {@code dashes} empty
     * cells; ends with a newline.
     */
    static String failedRow(Measurement row, int dashes) {
        return notOkRow(rowStart(row.contender(), row.style(), row.selector()), row.describeNotOk(), dashes);
    }

    /** A row of {@code start}'s cells, then {@code why} in one cell and {@code dashes} empty ones. */
    static String notOkRow(String start, String why, int dashes) {
        return start + why.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ")
                + " |" + (" " + NONE + " |").repeat(dashes) + "\n";
    }

    /** A caution paragraph for each row measured while other work kept the machine busy. */
    static String cautions(List<Measurement> rows) {
        StringBuilder text = new StringBuilder();
        for (Measurement row : rows) {
            double other = row.otherCores();
            if (other > DISTURBED_CORES) {
                text.append(String.format(Locale.ROOT, "%nCaution: while %s %s (%s) was measured, something else"
                        + " kept %.2f cores busy; its numbers are disturbed.%n",
                        row.contender().label(), row.style(), row.selector().label(), other));
            }
        }
        return text.toString();
    }

    /** Netty's measured row among {@code rows}, or {@code null}. */
    static Measurement netty(List<Measurement> rows) {
        return rows.stream()
                .filter(row -> row.contender() == Contender.NETTY && row.ok())
                .findFirst()
                .orElse(null);
    }

    /**
     * The Netty row a row on {@code selector} is compared with: Netty's on the same selector,
     * else Netty's on its default (epoll; for the rows without a selector of their own), or
     * {@code null}.
     */
    static Measurement netty(List<Measurement> rows, SelectorChoice selector) {
        return rows.stream()
                .filter(row -> row.contender() == Contender.NETTY && row.ok() && row.selector() == selector)
                .findFirst()
                .orElseGet(() -> rows.stream().filter(row -> row.contender() == Contender.NETTY && row.ok()
                        && row.selector() == Contender.NETTY.selector()).findFirst().orElse(null));
    }

    /** {@code value / of} with two decimals, or {@link #NONE} without a reference row. */
    static String ratio(double value, Measurement reference, double of) {
        return reference == null ? NONE : number(value / of);
    }

    /** The report: a header (command, machine, load) and the table, ending with a newline. */
    public static String markdown(MachineInfo machine, Settings settings, List<Measurement> rows) {
        return markdown(machine, settings, rows, "Load: " + loadDescription(settings,
                String.valueOf(settings.messageSize()), "one in flight"), 1);
    }

    /**
     * The report of a request/response workload ({@code http}, {@code http-pipelined},
     * {@code resp}): as {@link #markdown(MachineInfo, Settings, List)}, with {@code load} (ending
     * with a blank line, e.g. {@link #httpLoad}) saying what was run, {@code batch} requests
     * pipelined at once.
     */
    public static String markdown(MachineInfo machine, Settings settings, List<Measurement> rows, String load,
            int batch) {
        StringBuilder md = header(machine, settings);
        md.append(load);
        md.append(table(settings, rows, "req/s", "req"));
        md.append(openLoop(settings, rows, batch));
        md.append(cautions(rows));
        md.append("\nserver cores, load-gen cores: CPU time of that process over the measured window;"
                + " machine cores: all processors' busy time over it, the kernel's own network work and"
                + " anything else running included."
                + " vs Netty: this row / Netty's row of the same run (CPU/req below 1.00: less CPU per"
                + " request than Netty). " + PEAKS_NOTE + " " + SELECTOR_NOTE + "\n");
        return md.toString();
    }

    /**
     * The table of request rows, each request a {@code unit} (req, connection): rate (marked where
     * an open loop of {@code settings} fell behind), latency, server CPU per unit, cores, ratios to
     * Netty's row on the same selector and the server's peaks.
     */
    static String table(Settings settings, List<Measurement> rows, String rate, String unit) {
        StringBuilder md = new StringBuilder();
        md.append("| server | style | selector | ").append(rate).append(" | p50 µs | p99 µs | p99.9 µs | server CPU µs/")
                .append(unit).append(" | server cores | load-gen cores | machine cores | ").append(rate)
                .append(" vs Netty | CPU/").append(unit).append(" vs Netty | ").append(PEAKS_HEADING).append(" |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement row : rows) {
            if (!row.ok()) {
                md.append(failedRow(row, 10));
                continue;
            }
            md.append(rowStart(row.contender(), row.style(), row.selector()));
            List<String> cells = new ArrayList<>();
            cells.add(String.format(Locale.ROOT, "%,.0f", row.requestsPerSecond())
                    + (behind(settings, row) ? " (behind)" : ""));
            cells.addAll(latencyCells(row));
            cells.add(number(row.serverCpuMicrosPerRequest()));
            cells.addAll(coreAndRatioCells(row, netty(rows, row.selector())));
            cells.add(peaksCell(row));
            md.append(String.join(" | ", cells)).append(" |\n");
        }
        return md.toString();
    }

    /**
     * What the {@code http} workload ran ({@code pipeline} 1), or {@code http-pipelined}
     * ({@code pipeline} requests written at once); ends with a blank line.
     */
    static String httpLoad(Settings settings, int pipeline) {
        String what = pipeline == 1
                ? "Workload http: " + connections(settings) + " to 127.0.0.1, " + loop(settings) + " HTTP/1.1"
                        + " keep-alive `GET /plaintext` requests (one in flight"
                : "Workload http-pipelined: " + connections(settings) + " to 127.0.0.1, " + loop(settings)
                        + " batches of " + pipeline + " pipelined HTTP/1.1 keep-alive `GET /plaintext` requests"
                        + " (written at once, the next batch once all " + pipeline + " responses came; req/s counts"
                        + " responses, and a response's latency runs from writing its batch to reading its last"
                        + " byte";
        return what + "; every response's status line, Content-Length and body checked), answered `"
                + HttpHandler.PLAINTEXT + "` by socketserver4j's `HttpHandler` (`serve --handler=http`, event style:"
                + " its only one) and by Netty's `HttpServerCodec` with a plaintext handler; "
                + runDescription(settings) + "\n\n";
    }

    /** What the {@code resp} workload ran; ends with a blank line. */
    static String respLoad(Settings settings) {
        return "Workload resp: " + connections(settings) + " to 127.0.0.1, " + loop(settings) + " RESP commands"
                + " cycling `PING`, `SET key value` and `GET key` on a key of its own, the value changing at"
                + " every SET (one in flight; every reply checked: `+PONG`, `+OK`, the value just set), answered"
                + " by socketserver4j's `RespHandler` (`serve --handler=resp`, event style: its only one) and by"
                + " Netty's netty-codec-redis (`RedisDecoder`, `RedisEncoder`) with an in-memory store answering"
                + " PING, SET and GET; " + runDescription(settings) + "\n\n";
    }

    private static String connections(Settings settings) {
        return settings.connections() + (settings.connections() == 1 ? " connection" : " connections");
    }

    /** The p50, p99 and p99.9 latency cells of {@code row}. */
    static List<String> latencyCells(Measurement row) {
        return List.of(micros(row.p50Nanos()), micros(row.p99Nanos()), micros(row.p999Nanos()));
    }

    /**
     * The last cells of a request row: server, load-generator and machine cores, then requests/s
     * and server CPU per request as ratios to {@code netty}'s ({@link #NONE} without it).
     */
    static List<String> coreAndRatioCells(Measurement row, Measurement netty) {
        return List.of(number(row.serverCores()), number(row.clientCores()), number(row.machineCores()),
                ratio(row.requestsPerSecond(), netty, netty == null ? 0 : netty.requestsPerSecond()),
                ratio(row.serverCpuMicrosPerRequest(), netty, netty == null ? 0 : netty.serverCpuMicrosPerRequest()));
    }

    /** The peaks cell of {@code row}: threads, heap and resident set in MiB, {@link #NONE} for each unknown. */
    static String peaksCell(Measurement row) {
        ResourcePeaks peaks = row.peaks();
        if (!peaks.known()) {
            return NONE;
        }
        return (peaks.threads() < 0 ? NONE : String.valueOf(peaks.threads())) + " / "
                + mebibytes(peaks.heapUsedBytes()) + " / " + mebibytes(peaks.rssBytes());
    }

    /** Bytes as MiB: one decimal below 10, whole above; {@link #NONE} if negative (unknown). */
    static String mebibytes(long bytes) {
        if (bytes < 0) {
            return NONE;
        }
        double mib = bytes / (double) (1 << 20);
        return String.format(Locale.ROOT, mib < 10 ? "%.1f" : "%,.0f", mib);
    }

    /** Nanoseconds as microseconds: one decimal below 10 µs, whole above. */
    static String micros(double nanos) {
        if (Double.isNaN(nanos)) {
            return NONE;
        }
        double micros = nanos / 1e3;
        return String.format(Locale.ROOT, micros < 10 ? "%.1f" : "%,.0f", micros);
    }

    /** A whole number with thousands separators, or {@link #NONE} if not a number. */
    static String whole(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? NONE : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Two decimals, or {@link #NONE} if not a number. */
    static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? NONE : String.format(Locale.ROOT, "%.2f", value);
    }
}
