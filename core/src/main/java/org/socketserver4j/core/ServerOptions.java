package org.socketserver4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.tls.TlsContext;

/**
 * A server's option values and their validation: each setter checks its value and nothing
 * else. When an option may still change is the {@link ServerLifecycle}'s business, checked by
 * {@link BaseServer} before it delegates here. {@link #engineSettings} fixes the values for an
 * engine. Not thread-safe: options are set before serving starts.
 */
final class ServerOptions {

    /** Logged under BaseServer's name, as before the split. */
    private static final Logger log = LoggerFactory.getLogger(BaseServer.class);

    private boolean allowReuseAddress = true;
    private boolean allowReusePort = false;
    private int requestQueueSize = 0;
    private Duration timeout = null;
    private Duration idleTimeout = BaseServer.DEFAULT_IDLE_TIMEOUT;
    private Duration gracePeriod = BaseServer.DEFAULT_GRACE_PERIOD;
    private Duration readTimeout = Duration.ZERO;
    private Duration writeTimeout = Duration.ZERO;
    private int maxConnections = 0;
    private int maxConnectionsPerAddress = 0;
    private boolean tcpNoDelay = true;
    private int highWatermark = 64 * 1024;
    private int lowWatermark = 32 * 1024;
    private int inboundCapacity = 256 * 1024;
    private long maxOutboundBytes = BaseServer.DEFAULT_MAX_OUTBOUND_BYTES;
    private Supplier<ExecutorService> handlerExecutor;
    private Set<PosixFilePermission> unixSocketPermissions;
    private TlsContext tls;
    /** Whether {@link #tls} was opened by the server from options, so that it closes it. */
    private boolean ownsTls;

    /**
     * Options with the defaults; the default handler executor names its virtual threads
     * {@code namePrefix.get() + "-handler-"}, the prefix read when the executor is made.
     */
    ServerOptions(Supplier<String> namePrefix) {
        handlerExecutor = () -> Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(namePrefix.get() + "-handler-", 0).factory());
    }

    /** The settings an engine named {@code name} runs with, from the values now. */
    EngineSettings engineSettings(String name) {
        return new EngineSettings(name, idleTimeout, readTimeout, writeTimeout, maxConnections,
                maxConnectionsPerAddress, tcpNoDelay, highWatermark, lowWatermark,
                maxOutboundBytes, inboundCapacity, handlerExecutor, tls);
    }

    /** The listen backlog to ask for: {@link #requestQueueSize()}, or SOMAXCONN when 0. */
    int backlog() {
        return requestQueueSize > 0 ? requestQueueSize : osMaxBacklog();
    }

    /**
     * The kernel's maximum listen backlog (SOMAXCONN), read from the OS where it is shown.
     * (Read line by line: {@code Files.readString} trusts the zero size procfs reports and
     * returns only the first byte.)
     */
    static int osMaxBacklog() {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        try (var reader = Files.newBufferedReader(somaxconn)) {
            String line = reader.readLine();
            if (line != null) {
                return Integer.parseInt(line.trim());
            }
        } catch (IOException | NumberFormatException e) {
            log.debug("cannot read somaxconn", e);
        }
        return 4096;
    }

    boolean allowReuseAddress() {
        return allowReuseAddress;
    }

    void setAllowReuseAddress(boolean on) {
        allowReuseAddress = on;
    }

    boolean allowReusePort() {
        return allowReusePort;
    }

    void setAllowReusePort(boolean on) {
        allowReusePort = on;
    }

    Set<PosixFilePermission> unixSocketPermissions() {
        return unixSocketPermissions;
    }

    void setUnixSocketPermissions(Set<PosixFilePermission> permissions) {
        unixSocketPermissions = permissions == null ? null : Set.copyOf(permissions);
    }

    int requestQueueSize() {
        return requestQueueSize;
    }

    void setRequestQueueSize(int size) {
        requestQueueSize = requireAtLeastZero("requestQueueSize", size);
    }

    Duration timeout() {
        return timeout;
    }

    /** {@code null} is allowed: wait for ever. */
    void setTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        this.timeout = timeout;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = requireTimeout("idleTimeout", idleTimeout);
    }

    Duration gracePeriod() {
        return gracePeriod;
    }

    void setGracePeriod(Duration gracePeriod) {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
        }
        this.gracePeriod = gracePeriod;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    void setReadTimeout(Duration readTimeout) {
        this.readTimeout = requireTimeout("readTimeout", readTimeout);
    }

    Duration writeTimeout() {
        return writeTimeout;
    }

    void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = requireTimeout("writeTimeout", writeTimeout);
    }

    int maxConnections() {
        return maxConnections;
    }

    void setMaxConnections(int maxConnections) {
        this.maxConnections = requireAtLeastZero("maxConnections", maxConnections);
    }

    int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    void setMaxConnectionsPerAddress(int limit) {
        maxConnectionsPerAddress = requireAtLeastZero("maxConnectionsPerAddress", limit);
    }

    boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    void setTcpNoDelay(boolean on) {
        tcpNoDelay = on;
    }

    /** Needs {@code 0 <= low < high <= maxOutboundBytes}. */
    void setWriteBufferWatermarks(int low, int high) {
        if (low < 0 || high <= low || high > maxOutboundBytes) {
            throw new IllegalArgumentException("need 0 <= low < high <= maxOutboundBytes, got "
                    + low + ", " + high + " and " + maxOutboundBytes);
        }
        lowWatermark = low;
        highWatermark = high;
    }

    long maxOutboundBytes() {
        return maxOutboundBytes;
    }

    /** At least the high watermark. */
    void setMaxOutboundBytes(long bytes) {
        if (bytes < highWatermark) {
            throw new IllegalArgumentException("maxOutboundBytes must be >= the high watermark "
                    + highWatermark + ": " + bytes);
        }
        maxOutboundBytes = bytes;
    }

    void setInboundCapacity(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("inboundCapacity must be positive: " + bytes);
        }
        inboundCapacity = bytes;
    }

    /**
     * Sets the TLS context; {@code owned}: the server opened it and closes it. A context the
     * server owned before is closed.
     */
    void setTls(TlsContext tls, boolean owned) {
        closeOwnedTls();
        this.tls = tls;
        this.ownsTls = owned;
    }

    /** Closes the TLS context if the server opened it; the setting stays. */
    void closeOwnedTls() {
        if (ownsTls && tls != null) {
            tls.close();
        }
        ownsTls = false;
    }

    TlsContext tls() {
        return tls;
    }

    void setHandlerExecutor(Supplier<ExecutorService> executor) {
        handlerExecutor = Objects.requireNonNull(executor, "executor");
    }

    private static int requireAtLeastZero(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
        return value;
    }

    private static Duration requireTimeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name + " (use Duration.ZERO to turn it off)");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + timeout);
        }
        return timeout;
    }
}
