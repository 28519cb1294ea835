package org.socketserver4j.core.tls;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key material a {@link TlsContext} read from files: its key manager and client trust,
 * reloaded on request and, when asked, by a {@link FileWatcher} on a change.
 */
final class FileKeyMaterial implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileKeyMaterial.class);
    /** How long the files must stay unchanged after an event before they are compared. */
    static final Duration DEBOUNCE = Duration.ofMillis(300);

    private final TlsOptions options;
    private final ServerKeyManager keyManager;
    private final ClientTrust clientTrust;
    private final Runnable afterReload;
    /** The files' fingerprint taken before they were first read, for the watcher; or {@code null}. */
    private final byte[] firstRead;
    private final AtomicLong reloads = new AtomicLong();
    private FileWatcher watcher;
    private long generation;

    private FileKeyMaterial(TlsOptions options, ServerKeyManager keyManager, ClientTrust clientTrust,
            Runnable afterReload, byte[] firstRead) {
        this.options = options;
        this.keyManager = keyManager;
        this.clientTrust = clientTrust;
        this.afterReload = afterReload;
        this.firstRead = firstRead;
    }

    /**
     * Reads every file {@code options} names.
     *
     * @param afterReload runs after each successful reload
     * @throws IOException if a file is missing or wrong
     */
    static FileKeyMaterial open(TlsOptions options, Runnable afterReload) throws IOException {
        byte[] fingerprint = options.reloadOnChange() ? fingerprintOrNone(options) : null;
        ServerKeyManager keyManager = new ServerKeyManager(KeyMaterial.load(options, 0));
        ClientTrust trust = options.trustedCertificates() == null ? null
                : ClientTrust.read(options.trustedCertificates());
        return new FileKeyMaterial(options, keyManager, trust, afterReload, fingerprint);
    }

    /** The files' fingerprint, or an empty one if one cannot be read: the load then says why. */
    private static byte[] fingerprintOrNone(TlsOptions options) {
        try {
            return FileWatcher.fingerprint(options.files());
        } catch (IOException unreadable) {
            return new byte[0];
        }
    }

    /**
     * Starts watching the files if the options ask for it.
     *
     * @throws IOException if a directory cannot be watched
     */
    synchronized void watchIfAsked() throws IOException {
        if (options.reloadOnChange() && watcher == null) {
            watcher = FileWatcher.start(options.files(), DEBOUNCE, this::reload, firstRead);
        }
    }

    ServerKeyManager keyManager() {
        return keyManager;
    }

    /** The client trust, or {@code null} when no client certificate is asked for. */
    ClientTrust clientTrust() {
        return clientTrust;
    }

    TlsOptions options() {
        return options;
    }

    /**
     * Re-reads every file and swaps the new material in; on failure the material in use stays.
     *
     * @throws IOException if a file is missing or wrong
     */
    synchronized void reload() throws IOException {
        KeyMaterial loaded = KeyMaterial.load(options, generation + 1);
        if (clientTrust != null) {
            clientTrust.reload(options.trustedCertificates());
        }
        generation = loaded.generation();
        keyManager.swap(loaded);
        afterReload.run();
        long count = reloads.incrementAndGet();
        log.info("TLS certificates reloaded (reload {}): {}", count,
                loaded.defaultEntry().chain().get(0).getSubjectX500Principal().getName());
    }

    /** How many reloads have succeeded. */
    long reloads() {
        return reloads.get();
    }

    /** Stops the watcher, if any. */
    @Override
    public void close() {
        FileWatcher running;
        synchronized (this) {
            running = watcher;
            watcher = null;
        }
        if (running != null) {
            running.close(); // outside the lock: the watcher's thread may be waiting for it in reload
        }
    }
}
