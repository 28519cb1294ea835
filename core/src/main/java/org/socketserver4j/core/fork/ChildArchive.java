package org.socketserver4j.core.fork;

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
 * A class-data-sharing archive for children, made once per JDK, class path (with each entry's
 * size and time), child options and handler class, and kept in a cache folder. A training
 * child loads the classes a child needs and dumps them at exit ({@code -XX:ArchiveClassesAtExit});
 * the archive appears atomically, so no child ever sees half of one. An archive the JVM
 * rejects (stale or damaged) is only a warning on the child's stderr: the child starts without
 * it. A class path the JDK cannot archive (a directory of classes) is remembered and not tried
 * again.
 */
final class ChildArchive {

    private static final Logger log = LoggerFactory.getLogger(ChildArchive.class);
    private static final long TRAINING_SECONDS = 60;

    private final Path file;
    private final Path failedMarker;
    private final List<String> trainingCommand;

    private ChildArchive(Path file, List<String> trainingCommand) {
        this.file = file;
        this.failedMarker = file.resolveSibling(file.getFileName() + ".failed");
        this.trainingCommand = trainingCommand;
    }

    /** The archive for children of {@code launcherOptions} and {@code classPath} in {@code folder}. */
    static ChildArchive in(Path folder, List<String> jvmOptions, String classPath, String handlerClass) {
        String key = key(jvmOptions, classPath, handlerClass);
        Path file = folder.resolve("child-" + key + ".jsa");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-XX:ArchiveClassesAtExit=" + file.resolveSibling(file.getFileName() + ".tmp"));
        command.add("-cp");
        command.add(classPath);
        command.add(ChildMain.class.getName());
        command.add(ChildMain.TRAIN);
        command.add(handlerClass);
        return new ChildArchive(file, List.copyOf(command));
    }

    /** Where the archive is (or will be). */
    Path file() {
        return file;
    }

    /** The options that make a child use the archive, once it exists; none before. */
    List<String> options() {
        return Files.isRegularFile(file) ? List.of("-XX:SharedArchiveFile=" + file) : List.of();
    }

    /** Makes the archive unless it exists or could not be made before; never throws. */
    void ensure() {
        if (Files.exists(file) || Files.exists(failedMarker)) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Process training = new ProcessBuilder(trainingCommand)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!training.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
                training.destroyForcibly();
                throw new IOException("training child took longer than " + TRAINING_SECONDS + " s");
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IOException("the JDK made no archive (exit " + training.exitValue()
                        + "; a class path with class directories cannot be archived)");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("made the children's class-data archive {}", file);
        } catch (IOException e) {
            log.debug("children start without a class-data archive: {}", e.getMessage());
            try {
                Files.deleteIfExists(tmp);
                Files.writeString(failedMarker, String.valueOf(e.getMessage()));
            } catch (IOException ignored) {
                // the cache folder is not writable: nothing to remember
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String key(List<String> jvmOptions, String classPath, String handlerClass) {
        StringBuilder identity = new StringBuilder()
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n')
                .append(String.join(" ", jvmOptions)).append('\n')
                .append(handlerClass).append('\n');
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
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
