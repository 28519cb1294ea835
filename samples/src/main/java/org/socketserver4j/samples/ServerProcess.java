package org.socketserver4j.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in a child process: started from a command that prints
 * {@code listening on HOST:PORT} on standard output once it accepts, measured by its process
 * CPU time, and always ended: {@link #close()} closes its standard input, sends SIGTERM, waits,
 * then kills it, and kills anything it started. {@link #closeAll()} does that to every child still
 * running, for a shutdown hook. A {@link ServerHost} is started the same way
 * ({@link #startHost}), but is ready when it prints its own line, and the lines it prints later
 * go to a listener of the caller's.
 */
public final class ServerProcess implements ServerUnderTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\[[^\\]]+\\]|[^\\s:]+):(\\d+)");
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();

    private final Process process;
    private final Path log;
    private final Duration stopWait;
    private final Predicate<String> readyLine;
    /** The ready line as messages name it, e.g. {@code 'listening on'}. */
    private final String readyName;
    private final Output later;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread stdoutReader;
    private volatile boolean closed;
    private boolean interruptedWhileClosing;

    /** What a child prints on standard output after its ready line, line by line, then its end. */
    interface Output {
        /** One line, without its line end; called on the reading thread, in order. */
        void line(String line);

        /** Standard output ended: the child exited or closed it. */
        void ended();
    }

    private static final Output DROPPED = new Output() {
        @Override
        public void line(String line) {
            // read and dropped, so the child never blocks on a full pipe
        }

        @Override
        public void ended() {
            // nothing waits for it
        }
    };

    private ServerProcess(Process process, Path log, Duration stopWait, Predicate<String> readyLine, String readyName,
            Output later) {
        this.process = process;
        this.log = log;
        this.stopWait = stopWait;
        this.readyLine = readyLine;
        this.readyName = readyName;
        this.later = later;
        this.stdoutReader = Thread.ofPlatform().daemon().name("compare-child-" + process.pid())
                .unstarted(this::readStdout);
    }

    /**
     * Starts {@code command} and waits until it prints its {@code listening on} line.
     *
     * @throws IOException if it cannot start, exits first or does not listen within
     *     {@code timeout}; the process is ended by then
     * @throws InterruptedException if interrupted while waiting; the process is ended by then
     */
    public static ServerProcess start(List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        return start(command, timeout, STOP_WAIT);
    }

    /** {@link #start(List, Duration)}, giving the child {@code stopWait} after SIGTERM before it is killed. */
    static ServerProcess start(List<String> command, Duration timeout, Duration stopWait)
            throws IOException, InterruptedException {
        return start(command, timeout, stopWait, line -> LISTENING.matcher(line).matches(), DROPPED,
                "'listening on'");
    }

    /**
     * Starts {@code command}, a {@link ServerHost}, and waits until it prints {@code readyLine};
     * every line it prints after that goes to {@code later}, and its end too.
     *
     * @throws IOException if it cannot start, exits first or is not ready within {@code timeout};
     *     the process is ended by then
     * @throws InterruptedException if interrupted while waiting; the process is ended by then
     */
    static ServerProcess startHost(List<String> command, Duration timeout, String readyLine, Output later)
            throws IOException, InterruptedException {
        return start(command, timeout, STOP_WAIT, readyLine::equals, later, "'" + readyLine + "'");
    }

    private static ServerProcess start(List<String> command, Duration timeout, Duration stopWait,
            Predicate<String> readyLine, Output later, String readyName) throws IOException, InterruptedException {
        Path log = Files.createTempFile("socketserver4j-compare-", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(log.toFile())
                    .start();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(log);
            throw e;
        }
        ServerProcess child = new ServerProcess(process, log, stopWait, readyLine, readyName, later);
        LIVE.add(child);
        child.stdoutReader.start();
        try {
            child.ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return child;
        } catch (ExecutionException e) {
            String reason = e.getCause().getMessage() + child.logTail();
            child.close();
            throw new IOException(reason);
        } catch (TimeoutException e) {
            String tail = child.logTail();
            child.close();
            throw new IOException("no " + readyName + " line within " + DurationConverter.format(timeout) + tail);
        } catch (InterruptedException | RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    /** Ends every child that is still running. Safe from a shutdown hook. */
    public static void closeAll() {
        for (ServerProcess child : LIVE) {
            child.close();
        }
    }

    /** How many children are running (started and not yet closed). */
    static int live() {
        return LIVE.size();
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!ready.isDone()) {
                    if (readyLine.test(line)) {
                        ready.complete(line);
                    }
                } else {
                    later.line(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream ends with the process
        }
        later.ended();
        String exit;
        try {
            exit = process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    ? "exited with " + process.exitValue() : "closed its standard output";
        } catch (InterruptedException e) {
            exit = "closed its standard output";
        }
        ready.completeExceptionally(new IOException("the server " + exit + " before printing " + readyName));
    }

    /**
     * The address it listens on.
     *
     * @throws IllegalStateException if it is a {@link ServerHost}, which listens on none itself
     */
    @Override
    public InetSocketAddress address() {
        Matcher m = LISTENING.matcher(ready.join());
        if (!m.matches()) {
            throw new IllegalStateException("a server host listens on no address of its own");
        }
        return new InetSocketAddress(m.group(1).replaceAll("^\\[|\\]$", ""), Integer.parseInt(m.group(2)));
    }

    /** Its process id. */
    @Override
    public long pid() {
        return process.pid();
    }

    /** Whether it is still running. */
    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The CPU time its process has used so far, user and system, all threads (on Linux from
     * {@code /proc/PID/stat}, in clock ticks), if the OS tells; plus that of the processes it
     * started and that still run (ForkingServer's children), each as far as the OS tells, and
     * that of those that ended and it waited for (ForkingServer's children that served their
     * connection: {@code cutime} and {@code cstime} of its {@code /proc/PID/stat}).
     */
    @Override
    public Optional<Duration> cpuTime() {
        Optional<Duration> own = process.info().totalCpuDuration();
        if (own.isEmpty()) {
            return own;
        }
        Duration total = own.get().plus(MeasuredWindow.waitedChildrenCpu(Path.of("/proc", Long.toString(pid()),
                "stat")).orElse(Duration.ZERO));
        for (ProcessHandle child : process.descendants().toList()) {
            total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return Optional.of(total);
    }

    /**
     * Writes {@code line} and a line end to its standard input, as a {@link ServerHost}'s
     * requests are sent.
     *
     * @throws IOException if it closed its standard input (it ended) or was closed
     */
    synchronized void writeLine(String line) throws IOException {
        if (closed) {
            throw new IOException("the server host was closed");
        }
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * Asks it for a full GC through {@code jcmd} and waits for it ({@link ProcessMemory#fullGc});
     * never for a process that is not a JVM: its attach signal, SIGQUIT, would end it.
     */
    @Override
    public OptionalLong fullGc() throws InterruptedException {
        return ProcessMemory.fullGc(pid()) ? ProcessMemory.heapUsedBytes(pid()) : OptionalLong.empty();
    }

    /** What it has written on standard error so far (its log), or "" if that cannot be read. */
    @Override
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** The last lines of its standard error, prefixed for an error message, or "". */
    @Override
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "";
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return "; its stderr ends: " + String.join(" | ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /**
     * Ends it: closes its standard input (the signal to stop for children that watch it),
     * sends SIGTERM and waits up to 10 s, then kills it, and kills whatever it started. Idempotent;
     * safe from any thread.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            Set<ProcessHandle> descendants = new LinkedHashSet<>(process.descendants().toList());
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // it may be gone already
            }
            process.destroy();
            if (!waitFor(process.toHandle())) {
                descendants.addAll(process.descendants().toList());
                process.destroyForcibly();
                waitFor(process.toHandle());
            }
            for (ProcessHandle descendant : descendants) {
                // SIGKILL is final. Not waited for: orphaned, it is no longer ours to reap.
                descendant.destroyForcibly();
            }
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            while (stdoutReader.isAlive() && System.nanoTime() < deadline) {
                try {
                    stdoutReader.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interruptedWhileClosing = true;
                }
            }
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temp file left behind
            }
            closed = true;
            LIVE.remove(this);
        } finally {
            if (interrupted || interruptedWhileClosing) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits up to the stop wait for {@code handle} to exit, through interrupts (remembered). */
    private boolean waitFor(ProcessHandle handle) {
        long deadline = System.nanoTime() + stopWait.toNanos();
        while (true) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return !handle.isAlive();
            } catch (InterruptedException e) {
                interruptedWhileClosing = true;
            }
        }
    }
}
