package org.socketserver4j.core.fork;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts child JVMs: a {@code java} launcher (the parent's own by default), the given options
 * and class path, and {@link ChildMain} with the handler class (and warm-up request) it
 * prepares before it says it is ready. A child's stderr is pumped line by line into the
 * parent's SLF4J logger, tagged with the child's pid.
 */
final class ChildLauncher {

    private static final Logger childLog = LoggerFactory.getLogger("org.socketserver4j.core.fork.child");

    private static final int LAST_LINES = 3;
    private static final long STDERR_DRAIN_MILLIS = 1000;

    private final Path java;
    private final List<String> jvmOptions;
    private final String classPath;
    private final ChildCache cache;
    private final List<String> mainArguments;

    /**
     * A launcher of children of {@code handlerClass} with {@code jvmOptions} and
     * {@code classPath}; with a {@code cache} (or {@code null}), children use it once it
     * exists; with a {@code warmUp} request (or {@code null}), each child serves it once on
     * in-memory streams before it says it is ready.
     */
    ChildLauncher(Path java, List<String> jvmOptions, String classPath, ChildCache cache,
            String handlerClass, byte[] warmUp) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classPath = classPath;
        this.cache = cache;
        this.mainArguments = mainArguments(handlerClass, warmUp);
    }

    /** {@link ChildMain}'s arguments for {@code handlerClass} and {@code warmUp}. */
    static List<String> mainArguments(String handlerClass, byte[] warmUp) {
        return warmUp == null ? List.of(handlerClass)
                : List.of(handlerClass, ChildMain.WARM_UP + Base64.getEncoder().encodeToString(warmUp));
    }

    /** The command a child is started with now. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        if (cache != null) {
            cmd.addAll(cache.options());
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(ChildMain.class.getName());
        cmd.addAll(mainArguments);
        return cmd;
    }

    /**
     * A launched child, and its start: {@code ready} completes with the process once the
     * child has written its {@link ChildMain#READY} byte (it then waits on stdin for its
     * header), or fails with a {@link ChildStartException} once it has ended without.
     *
     * @param process the child
     * @param ready the end of its start
     */
    record Launched(Process process, CompletableFuture<Process> ready) {}

    /**
     * Starts a child.
     *
     * @throws ChildStartException if the process cannot be launched
     */
    Launched start() throws ChildStartException {
        Process child;
        try {
            child = new ProcessBuilder(command()).start();
        } catch (IOException | RuntimeException e) {
            throw new ChildStartException("cannot launch a child with " + java + ": " + e.getMessage(), e);
        }
        long pid = child.pid();
        java.util.Deque<String> lastLines = new java.util.ArrayDeque<>();
        Thread pump = Thread.ofVirtual().name("child-" + pid + "-stderr").start(() -> pumpStderr(child, pid, lastLines));
        CompletableFuture<Process> ready = new CompletableFuture<>();
        Thread.ofVirtual().name("child-" + pid + "-ready").start(() -> awaitReady(child, ready, pump, lastLines));
        return new Launched(child, ready);
    }

    private static void awaitReady(Process child, CompletableFuture<Process> ready, Thread pump,
            java.util.Deque<String> lastLines) {
        int first;
        try {
            first = child.getInputStream().read();
        } catch (IOException e) {
            first = -1;
        }
        if (first == ChildMain.READY) {
            ready.complete(child);
            return;
        }
        if (first >= 0) {
            childLog.warn("[child {}] wrote {} instead of its ready byte; ending it", child.pid(), first);
        }
        Children.end(child);
        try {
            pump.join(STDERR_DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Children.closeStreams(child);
        String said;
        synchronized (lastLines) {
            said = String.join(" | ", lastLines);
        }
        ready.completeExceptionally(new ChildStartException(child.pid(), child.exitValue(), said));
    }

    private static void pumpStderr(Process child, long pid, java.util.Deque<String> lastLines) {
        try (BufferedReader err = new BufferedReader(
                new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                childLog.info("[child {}] {}", pid, line);
                synchronized (lastLines) {
                    if (lastLines.size() == LAST_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
            }
        } catch (IOException closed) {
            // the child is gone
        }
    }
}
