package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.socketserver4j.core.ForkingServer;

/**
 * A class-data-sharing archive for the server JVMs {@code compare} starts, one per main class
 * and class path, in the per-user cache beside ForkingServer's ({@code ~/.cache/socketserver4j}).
 * The first JVM of a kind writes it as it exits ({@code -XX:+AutoCreateSharedArchive}), later ones
 * map their classes from it: a server starts in about 60% of the time, and a run of
 * {@code compare} starts a JVM per row. It changes how classes are loaded, not the code that runs
 * once they are, so the measured windows are not touched, and every server, Netty included, gets
 * it alike. The JVM checks an archive against its class path and JDK and makes it again when they
 * changed; an unusable archive is ignored, never an error.
 */
final class ServerClassArchive {

    private ServerClassArchive() {}

    /**
     * The JVM options that share classes through the archive of {@code mainClass} on the class
     * path {@code classPath}; none when {@code chosen}, the options given for the servers'
     * JVMs, already say how classes are shared.
     */
    static List<String> jvmOptions(String mainClass, String classPath, List<String> chosen) {
        if (chosen.stream().anyMatch(option -> option.startsWith("-Xshare") || option.contains("SharedArchiveFile")
                || option.contains("AOTCache"))) {
            return List.of();
        }
        Path file = file(mainClass, classPath);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            return List.of(); // no cache folder: the servers start as they would without
        }
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + file,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** The archive of {@code mainClass} on {@code classPath}. */
    static Path file(String mainClass, String classPath) {
        String key;
        try {
            key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (mainClass + "\n" + classPath + "\n" + Runtime.version()).getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        return ForkingServer.defaultCacheFolder().resolveSibling("compare")
                .resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-" + key + ".jsa");
    }
}
