package org.socketserver4j.core.fork;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A start-up cache for children, made once per JDK, class path (with each entry's size and
 * time), child options, handler class and warm-up request, and kept in a cache folder: on a
 * JDK with ahead-of-time caches (24 and later, JEP 483 and 514) an AOT cache, which holds the
 * classes a child loads already loaded and linked (and, from JDK 25, method profiles); on
 * older JDKs a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}). A training
 * child warms up as a real child does, then exits and the JVM writes the cache; the cache
 * appears atomically (moved into place), so no child ever sees half of one. A cache the JVM
 * rejects (stale or damaged) is only a warning on the child's stderr: the child starts
 * without it. A class path the JDK cannot cache (it holds a directory of classes) is not
 * tried; a training run that fails is remembered ({@code .failed} beside the cache) and not
 * tried again.
 */
final class ChildCache {

    private static final Logger log = LoggerFactory.getLogger(ChildCache.class);
    private static final long TRAINING_SECONDS = 60;
    /** The first JDK with {@code -XX:AOTCacheOutput} (JEP 514: one training run). */
    private static final int ONE_STEP_AOT = 25;
    /** The first JDK with AOT caches (JEP 483: record, then create). */
    private static final int TWO_STEP_AOT = 24;

    private final Path file;
    private final Path failedMarker;
    private final Path tmp;
    private final List<List<String>> trainingCommands;
    private final String unusable;
    private final List<String> useOptions;
    private volatile Process training;
    private volatile boolean closed;

    private ChildCache(Path file, List<List<String>> trainingCommands, String unusable, List<String> useOptions) {
        this.file = file;
        this.failedMarker = file.resolveSibling(file.getFileName() + ".failed");
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
        this.trainingCommands = trainingCommands;
        this.unusable = unusable;
        this.useOptions = useOptions;
    }

    /**
     * The cache for children started by {@code java} with {@code jvmOptions}, {@code classPath}
     * and {@link ChildMain} arguments {@code mainArguments}, in {@code folder}.
     */
    static ChildCache in(Path folder, Path java, List<String> jvmOptions, String classPath,
            List<String> mainArguments) {
        int feature = Runtime.version().feature();
        boolean aot = feature >= TWO_STEP_AOT;
        String key = key(java, jvmOptions, classPath, mainArguments);
        Path file = folder.resolve("child-" + key + (aot ? ".aot" : ".jsa"));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> base = new ArrayList<>();
        base.add(java.toString());
        base.addAll(jvmOptions);
        List<String> main = new ArrayList<>();
        main.add("-cp");
        main.add(classPath);
        main.add(ChildMain.class.getName());
        main.add(ChildMain.TRAIN);
        main.addAll(mainArguments);
        List<List<String>> commands = new ArrayList<>();
        if (feature >= ONE_STEP_AOT) {
            commands.add(concat(base, List.of("-XX:AOTCacheOutput=" + tmp), main));
        } else if (aot) {
            Path conf = file.resolveSibling(file.getFileName() + ".aotconf");
            commands.add(concat(base, List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf), main));
            commands.add(concat(base, List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf,
                    "-XX:AOTCache=" + tmp), main));
        } else {
            commands.add(concat(base, List.of("-XX:ArchiveClassesAtExit=" + tmp), main));
        }
        // JDK 25 warns on every start about AOT code it could not link (and then goes without);
        // only errors, such as a damaged cache, reach the child's stderr.
        List<String> useOptions = aot ? List.of("-XX:AOTCache=" + file, "-Xlog:aot*=error:stderr")
                : List.of("-XX:SharedArchiveFile=" + file);
        String conflict = null;
        for (String option : jvmOptions) {
            if (option.startsWith("-Xshare") || option.contains("SharedArchiveFile")
                    || option.contains("AOTCache") || option.contains("AOTMode")) {
                conflict = "the child options choose class data sharing themselves (" + option + ")";
            }
        }
        String unusable = conflict != null ? conflict : unusableReason(classPath);
        return new ChildCache(file, List.copyOf(commands), unusable, conflict == null ? useOptions : null);
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return List.copyOf(all);
    }

    /** Why the JDK cannot cache this class path, or {@code null} if it can. */
    private static String unusableReason(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                return "the class path holds a directory (" + entry + "); the JDK caches jar files only";
            }
        }
        return null;
    }

    /** Where the cache is (or will be). */
    Path file() {
        return file;
    }

    /** The options that make a child use the cache, once it exists; none before. */
    List<String> options() {
        return useOptions != null && Files.isRegularFile(file) ? useOptions : List.of();
    }

    /** Makes the cache unless it exists, cannot be made, or failed before; never throws. */
    void ensure() {
        if (unusable != null) {
            log.debug("children start without a start-up cache: {}", unusable);
            return;
        }
        if (Files.exists(file) || Files.exists(failedMarker)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            for (List<String> command : trainingCommands) {
                train(command);
            }
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IOException("the JDK wrote no cache");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("made the children's start-up cache {}", file);
        } catch (IOException e) {
            if (closed) {
                log.debug("the server closed while the start-up cache was being made: {}", e.getMessage());
            } else {
                log.warn("children start without a start-up cache: {}", e.getMessage());
            }
            try {
                Files.deleteIfExists(tmp);
                if (!closed) {
                    Files.writeString(failedMarker, String.valueOf(e.getMessage()));
                }
            } catch (IOException ignored) {
                // the cache folder is not writable: nothing to remember
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void train(List<String> command) throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("the server closed during training");
        }
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        training = p;
        try {
            if (closed) {
                throw new IOException("the server closed during training");
            }
            if (!p.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("the training child took longer than " + TRAINING_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("the training child exited with status " + p.exitValue());
            }
        } finally {
            Children.end(p);
            training = null;
        }
    }

    /** Ends a training run in progress, if any, and waits until it is gone. */
    void close() {
        closed = true;
        Process p = training;
        if (p != null) {
            Children.end(p);
        }
    }

    private static String key(Path java, List<String> jvmOptions, String classPath, List<String> mainArguments) {
        StringBuilder identity = new StringBuilder()
                .append(java).append('\n')
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n')
                .append(String.join(" ", jvmOptions)).append('\n')
                .append(String.join(" ", mainArguments)).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            identity.append(entry);
            try {
                identity.append(' ').append(Files.size(path)).append(' ')
                        .append(Files.getLastModifiedTime(path).toMillis());
            } catch (IOException missing) {
                identity.append(" missing");
            }
            identity.append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
