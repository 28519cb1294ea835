package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process holds, as the {@code held} workload reports it: its resident set and thread
 * count from {@code /proc/PID/status} (Linux), and, for a JVM, a full GC and the heap in use
 * after it through {@code jcmd} (the one beside the {@code java} that runs this program, which
 * also runs the servers).
 */
public final class ProcessMemory {

    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    /** How often {@link #settledStatus} reads. */
    static final Duration SETTLE_INTERVAL = Duration.ofMillis(150);
    /** A change of the resident set below which {@link #settledStatus} takes it as settled. */
    static final long SETTLE_BYTES = 128 << 10;
    /** The longest {@link #settledStatus} reads for. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);
    private static final Pattern HEAP_USED = Pattern.compile("\\bused (\\d+)K");

    private ProcessMemory() {}

    /**
     * A reading of {@code /proc/PID/status}.
     *
     * @param rssBytes {@code VmRSS}: resident memory, every thread's stack, heap and native memory
     * @param threads {@code Threads}: operating-system threads (virtual threads are not among them)
     */
    public record Status(long rssBytes, int threads) {}

    /** The process's {@code /proc/PID/status} reading, if the OS has one. */
    public static Optional<Status> status(long pid) {
        try {
            return parseStatus(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The process's {@code /proc/PID/status} reading once its resident set has settled: read
     * every {@link #SETTLE_INTERVAL} until two readings in a row differ by less than
     * {@link #SETTLE_BYTES} (a JVM hands memory freed by a GC back to the OS a little later),
     * at most {@link #SETTLE_LIMIT}; then the last reading.
     */
    public static Optional<Status> settledStatus(long pid) throws InterruptedException {
        Optional<Status> last = status(pid);
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (last.isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(SETTLE_INTERVAL.toMillis()); // sampling the process at an interval
            Optional<Status> now = status(pid);
            if (now.isEmpty() || Math.abs(now.get().rssBytes() - last.get().rssBytes()) < SETTLE_BYTES) {
                return now.isPresent() ? now : last;
            }
            last = now;
        }
        return last;
    }

    /** Parses the lines of {@code /proc/PID/status}: {@code VmRSS:  1234 kB} and {@code Threads:  17}. */
    static Optional<Status> parseStatus(List<String> lines) {
        OptionalLong rssKb = statusField(lines, "VmRSS:");
        OptionalLong threads = statusField(lines, "Threads:");
        return rssKb.isEmpty() || threads.isEmpty() ? Optional.empty()
                : Optional.of(new Status(rssKb.getAsLong() * 1024, (int) threads.getAsLong()));
    }

    /**
     * The process's resident-set high-water mark ({@code VmHWM} of {@code /proc/PID/status}): the
     * most it has held at once since it began, if the OS tells.
     */
    public static OptionalLong peakRssBytes(long pid) {
        try {
            OptionalLong kb = statusField(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")),
                    "VmHWM:");
            return kb.isPresent() ? OptionalLong.of(kb.getAsLong() * 1024) : kb;
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Resets the process's resident-set high-water mark ({@code VmHWM}) to its resident set now,
     * by writing 5 to {@code /proc/PID/clear_refs} (Linux 4.0 and later; the process's owner).
     *
     * @return whether it was reset
     */
    public static boolean resetPeakRss(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The number after {@code name} (such as {@code VmHWM:}) among the lines of {@code /proc/PID/status}. */
    static OptionalLong statusField(List<String> lines, String name) {
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals(name)) {
                return OptionalLong.of(Long.parseLong(fields[1]));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * What a server holds, read after a full GC.
     *
     * @param status its settled {@code /proc/PID/status} reading
     * @param heapUsedBytes its heap in use after the GC, or -1 (unknown, or no JVM)
     * @param gcDone whether the full GC was done
     */
    public record Reading(Status status, long heapUsedBytes, boolean gcDone) {}

    /**
     * Reads what process {@code pid} holds: for a JVM ({@code jvm}) after a full GC, with its heap
     * in use; for another process (never sent {@code jcmd}: its attach signal, SIGQUIT, would end
     * it) its status only.
     *
     * @throws IOException if there is no {@code /proc/PID/status} to read
     */
    public static Reading afterFullGc(long pid, boolean jvm) throws IOException, InterruptedException {
        boolean gc = jvm && fullGc(pid);
        Status status = settledStatus(pid).orElseThrow(() -> new IOException("no /proc/" + pid + "/status to read"));
        long heap = jvm ? heapUsedBytes(pid).orElse(-1) : -1;
        return new Reading(status, heap, gc);
    }

    /**
     * Reads what {@code server} holds: for a JVM ({@code jvm}) after a full GC it is asked for
     * ({@link ServerUnderTest#fullGc()}), with its heap in use; for another process its status only.
     *
     * @throws IOException if there is no {@code /proc/PID/status} to read
     */
    static Reading afterFullGc(ServerUnderTest server, boolean jvm) throws IOException, InterruptedException {
        OptionalLong heap = jvm ? server.fullGc() : OptionalLong.empty();
        long pid = server.pid();
        Status status = settledStatus(pid).orElseThrow(() -> new IOException("no /proc/" + pid + "/status to read"));
        return new Reading(status, heap.orElse(-1), heap.isPresent());
    }

    /** {@code jcmd} beside this JVM's {@code java}, if there is one. */
    public static Optional<Path> jcmd() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(jcmd) ? Optional.of(jcmd) : Optional.empty();
    }

    /**
     * Asks the JVM {@code pid} for a full GC ({@code jcmd PID GC.run}) and waits for it.
     *
     * @return whether it was done
     */
    public static boolean fullGc(long pid) throws InterruptedException {
        return jcmd(pid, "GC.run").isPresent();
    }

    /**
     * The heap the JVM {@code pid} uses ({@code jcmd PID GC.heap_info}: the first {@code used}
     * figure, the whole heap's), if it tells.
     */
    public static OptionalLong heapUsedBytes(long pid) throws InterruptedException {
        Optional<String> info = jcmd(pid, "GC.heap_info");
        return info.isPresent() ? parseHeapUsed(info.get()) : OptionalLong.empty();
    }

    /** The first {@code used NK} of {@code GC.heap_info}'s output, in bytes. */
    static OptionalLong parseHeapUsed(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
    }

    /** Runs {@code jcmd PID COMMAND}; its output if it exited 0 within the timeout. */
    private static Optional<String> jcmd(long pid, String command) throws InterruptedException {
        Optional<Path> jcmd = jcmd();
        if (jcmd.isEmpty()) {
            return Optional.empty();
        }
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("socketserver4j-jcmd-", ".txt");
            process = new ProcessBuilder(jcmd.get().toString(), Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temp file left behind
                }
            }
        }
    }
}
