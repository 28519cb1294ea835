package org.socketserver4j.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that calls an action when the content of some files changes. It watches
 * their directories, not the files: certbot and Kubernetes replace certificates by swapping
 * symbolic links, which a watch on the old file would miss. Any event there starts a quiet
 * period ({@code debounce}, restarted by each further event, so that a certificate and its key
 * written one after the other count as one change); then the files' content is compared with
 * what was last acted on, and the action runs only if it differs. A failed action is logged
 * as a warning and tried again at the next change.
 */
final class FileWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

    /** What the watcher runs on a change; a failure leaves things as they were. */
    interface Action {
        /** Acts on the change. */
        void run() throws IOException;
    }

    private final List<Path> files;
    private final Duration debounce;
    private final Action action;
    private final WatchService watchService;
    private final Thread thread;
    private byte[] fingerprint;

    private FileWatcher(List<Path> files, Duration debounce, Action action, byte[] loaded) throws IOException {
        this.files = List.copyOf(files);
        this.debounce = debounce;
        this.action = action;
        this.fingerprint = loaded.clone();
        this.watchService = FileSystems.getDefault().newWatchService();
        try {
            for (Path directory : directories(this.files)) {
                directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException | RuntimeException e) {
            watchService.close();
            throw e;
        }
        this.thread = Thread.ofPlatform().daemon().name("tls-file-watcher").unstarted(this::watch);
    }

    /**
     * Starts watching {@code files}; {@code action} runs after a change and {@code debounce}
     * of quiet. {@code loaded} is the {@link #fingerprint} of the files taken before they were
     * last read: if they changed since, before the watch began, the action runs at once.
     *
     * @throws IOException if a directory cannot be watched
     */
    static FileWatcher start(List<Path> files, Duration debounce, Action action, byte[] loaded)
            throws IOException {
        FileWatcher watcher = new FileWatcher(files, debounce, action, loaded);
        watcher.thread.start();
        return watcher;
    }

    /** The directories of {@code files}, and those of their link targets. */
    private static Set<Path> directories(List<Path> files) throws IOException {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path file : files) {
            directories.add(file.toAbsolutePath().getParent());
            directories.add(file.toRealPath().getParent());
        }
        return directories;
    }

    private void watch() {
        actIfChanged(); // a change between the last read and the start of the watch
        try {
            while (true) {
                drain(watchService.take());
                WatchKey more;
                while ((more = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                actIfChanged();
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            log.debug("stopped watching {}", files);
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    private void actIfChanged() {
        byte[] now;
        try {
            now = fingerprint(files);
        } catch (IOException e) {
            log.debug("cannot read the watched files yet: {}", e.toString());
            return;
        }
        if (Arrays.equals(now, fingerprint)) {
            return;
        }
        try {
            action.run();
            fingerprint = now;
        } catch (IOException | RuntimeException e) {
            log.warn("the files changed but cannot be loaded; keeping what is in use: {}", e.getMessage());
        }
    }

    /** A digest of the files' content, in order. */
    static byte[] fingerprint(List<Path> files) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            digest.update(Long.toString(content.length).getBytes(StandardCharsets.US_ASCII));
            digest.update(content);
        }
        return digest.digest();
    }

    /** Stops watching and waits for the thread to end. */
    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            log.debug("closing the watch service", e);
        }
        thread.interrupt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
