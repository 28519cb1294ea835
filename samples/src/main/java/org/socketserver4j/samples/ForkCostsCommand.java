package org.socketserver4j.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fork-costs}: what a connection costs under ForkingServer on this machine. The server
 * runs in a child JVM of its own ({@code serve --strategy=forking}) and its children's CPU is
 * counted with it (the kernel adds a reaped child's CPU to its parent). Measures the latency
 * from connect to the first echoed byte with a fresh child and with a warm pooled one, server
 * CPU per connection, connections per second with parallel clients, the relay's throughput on
 * one connection, and a child's resident memory. Traffic goes to 127.0.0.1 only.
 */
@Command(name = "fork-costs", mixinStandardHelpOptions = true,
        description = "Measure ForkingServer's costs per connection on this machine.")
public final class ForkCostsCommand implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    /** A fresh child per connection: serve's spare pool, on by default, would hide its start. */
    private static final String NO_SPARES = "--start-spare=0";
    /** A pool that does not grow with demand: the rows measure what they name. */
    private static final String NO_GROWTH = "--max-spare=0";

    @Spec
    private CommandSpec spec;

    @Option(names = "--connections", defaultValue = "40",
            description = "Sequential connections for each latency figure (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--parallel", defaultValue = "8",
            description = "Parallel clients for connections per second (default: ${DEFAULT-VALUE}).")
    private int parallel;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to open connections for connections per second (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--stream-mb", defaultValue = "256",
            description = "Megabytes echoed through one connection for the relay's throughput (default: ${DEFAULT-VALUE}).")
    private int streamMegabytes;

    /** Makes the command; picocli fills in the options. */
    public ForkCostsCommand() {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path archive = Files.createTempDirectory("socketserver4j-fork-costs-cache");
        Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::closeAll));
        List<String[]> rows = new ArrayList<>();
        try (ServerProcess cold = start(List.of("--start-up-cache=none", NO_SPARES, NO_GROWTH))) {
            long[] latencies = sequential(cold.address(), Duration.ZERO);
            double cpuMs = cpuPerConnectionMs(cold, () -> sequential(cold.address(), Duration.ZERO));
            rows.add(row("fresh child (no pool, no start-up cache)", latencies, cpuMs));
            rows.add(new String[] {"child resident memory", String.format(Locale.ROOT, "%.1f MB",
                    childRssMegabytes(cold)), "", "", ""});
            rows.add(new String[] {"connections/s, " + parallel + " parallel clients",
                    String.format(Locale.ROOT, "%.1f", connectionsPerSecond(cold.address())), "", "", ""});
            rows.add(new String[] {"relay throughput, one connection",
                    String.format(Locale.ROOT, "%.0f MB/s", relayMegabytesPerSecond(cold.address())), "", "", ""});
        }
        try (ServerProcess archived = start(List.of("--start-up-cache=" + archive, NO_SPARES, NO_GROWTH))) {
            sequential(archived.address(), Duration.ZERO);
            awaitArchive(archive);
            long[] latencies = sequential(archived.address(), Duration.ZERO);
            double cpuMs = cpuPerConnectionMs(archived, () -> sequential(archived.address(), Duration.ZERO));
            rows.add(row("fresh child with the start-up cache (" + cacheKind() + ")", latencies, cpuMs));
        }
        try (ServerProcess warm = start(List.of("--prespawn=4", NO_GROWTH, "--start-up-cache=" + archive))) {
            Duration pace = Duration.ofMillis(250);
            sequential(warm.address(), pace);
            long[] latencies = sequential(warm.address(), pace);
            double cpuMs = cpuPerConnectionMs(warm, () -> sequential(warm.address(), pace));
            rows.add(row("warm child from the pool (prespawn=4, start-up cache)", latencies, cpuMs));
        }
        out.println("Command: `fork-costs --connections=" + connections + " --parallel=" + parallel
                + " --duration=" + DurationConverter.format(duration) + " --stream-mb=" + streamMegabytes + "`");
        out.println();
        out.println("Machine: " + MachineInfo.current().describe() + ".");
        out.println();
        out.println("| what | p50 | p99 | max | server CPU per connection |");
        out.println("|---|---:|---:|---:|---:|");
        for (String[] r : rows) {
            out.println("| " + String.join(" | ", r) + " |");
        }
        out.flush();
        return 0;
    }

    private ServerProcess start(List<String> extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(List.of(Main.class.getName(), "serve", "--strategy=forking", "--handler=echo",
                "--style=blocking", "--host=127.0.0.1", "--port=0", "--idle-timeout=0",
                "--max-children=" + Math.max(4, parallel), "--grace-period=2s", "--stop-on-stdin-eof"));
        command.addAll(extra);
        return ServerProcess.start(command, START_TIMEOUT);
    }

    /** Latency in µs from connect to the first echoed byte, for each of the sequential connections. */
    private long[] sequential(InetSocketAddress address, Duration pace) throws IOException, InterruptedException {
        long[] micros = new long[connections];
        for (int i = 0; i < connections; i++) {
            if (!pace.isZero()) {
                Thread.sleep(pace);
            }
            micros[i] = oneConnection(address);
        }
        Arrays.sort(micros);
        return micros;
    }

    private static long oneConnection(InetSocketAddress address) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write('x');
            if (socket.getInputStream().read() != 'x') {
                throw new IOException("the echo did not come back");
            }
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
            return micros;
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws IOException, InterruptedException;
    }

    private double cpuPerConnectionMs(ServerProcess server, Work work) throws IOException, InterruptedException {
        long before = cpuTicksWithChildren(server.pid());
        work.run();
        Thread.sleep(500); // let the last children be reaped, so their CPU is counted
        long after = cpuTicksWithChildren(server.pid());
        return (after - before) * 1000.0 / CLOCK_TICKS_PER_SECOND / connections;
    }

    /** utime + stime + cutime + cstime of a process, in clock ticks (Linux). */
    private static long cpuTicksWithChildren(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    private double childRssMegabytes(ServerProcess server) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(server.address(), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write('x');
            socket.getInputStream().read();
            Optional<ProcessHandle> child = ProcessHandle.of(server.pid()).orElseThrow().children()
                    .filter(ProcessHandle::isAlive).findFirst();
            if (child.isEmpty()) {
                return Double.NaN;
            }
            for (String line : Files.readAllLines(Path.of("/proc/" + child.get().pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }
    }

    private double connectionsPerSecond(InetSocketAddress address) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        try (ExecutorService clients = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        oneConnection(address);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return done.get() / (duration.toNanos() / 1e9);
    }

    private double relayMegabytesPerSecond(InetSocketAddress address) throws Exception {
        long total = (long) streamMegabytes << 20;
        try (Socket socket = new Socket(); ExecutorService writer = Executors.newSingleThreadExecutor()) {
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write('x');
            socket.getInputStream().read();
            long start = System.nanoTime();
            Future<?> sending = writer.submit(() -> {
                OutputStream out = socket.getOutputStream();
                byte[] chunk = new byte[64 * 1024];
                for (long sent = 0; sent < total; sent += chunk.length) {
                    out.write(chunk);
                }
                socket.shutdownOutput();
                return null;
            });
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            int n;
            while (received < total && (n = in.read(buffer)) > 0) {
                received += n;
            }
            sending.get();
            return received / 1048576.0 / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void awaitArchive(Path folder) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(folder)) {
                if (files.anyMatch(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")
                        || p.toString().endsWith(".failed"))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }

    /** The kind of start-up cache children of this JDK get. */
    private static String cacheKind() {
        return Runtime.version().feature() >= 24 ? "AOT cache" : "CDS archive";
    }

    private static String[] row(String what, long[] sortedMicros, double cpuMs) {
        return new String[] {what, ms(percentile(sortedMicros, 50)), ms(percentile(sortedMicros, 99)),
            ms(sortedMicros[sortedMicros.length - 1]), String.format(Locale.ROOT, "%.1f ms", cpuMs)};
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
