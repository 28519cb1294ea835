package org.socketserver4j.core.fork;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts child JVMs: the parent's own {@code java}, the given options and class path, and
 * {@link ChildMain}. A child's stderr is pumped line by line into the parent's SLF4J logger,
 * tagged with the child's pid.
 */
final class ChildLauncher {

    private static final Logger childLog = LoggerFactory.getLogger("org.socketserver4j.core.fork.child");

    private final List<String> jvmOptions;
    private final String classPath;
    private final ChildArchive archive;

    /**
     * A launcher of children with {@code jvmOptions} and {@code classPath}; with an
     * {@code archive} (or {@code null}), children use it once it exists.
     */
    ChildLauncher(List<String> jvmOptions, String classPath, ChildArchive archive) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classPath = classPath;
        this.archive = archive;
    }

    /** The command a child is started with now. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (archive != null) {
            cmd.addAll(archive.options());
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(ChildMain.class.getName());
        return cmd;
    }

    /** Starts a child; it waits on stdin for its header. */
    Process start() throws IOException {
        Process child = new ProcessBuilder(command()).start();
        long pid = child.pid();
        Thread.ofVirtual().name("child-" + pid + "-stderr").start(() -> pumpStderr(child, pid));
        return child;
    }

    private static void pumpStderr(Process child, long pid) {
        try (BufferedReader err = new BufferedReader(
                new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                childLog.info("[child {}] {}", pid, line);
            }
        } catch (IOException closed) {
            // the child is gone
        }
    }
}
