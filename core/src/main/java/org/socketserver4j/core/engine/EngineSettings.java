package org.socketserver4j.core.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.socketserver4j.core.tls.TlsContext;

/**
 * The settings an engine runs with, fixed when the server starts serving.
 *
 * @param name prefix of the engine's thread names
 * @param idleTimeout close a connection with no traffic either way for this long; zero: never
 * @param readTimeout close a connection that sends nothing for this long; zero: never
 * @param writeTimeout close a connection whose queued output makes no progress for this long;
 *     zero: never
 * @param maxConnections open connections at most; at the limit accepting pauses; 0: no limit
 * @param maxConnectionsPerAddress open connections from one client address at most; a
 *     connection over it is closed as soon as it is accepted; 0: no limit
 * @param tcpNoDelay whether accepted TCP connections get TCP_NODELAY
 * @param highWatermark outbound bytes above which a connection is not writable
 * @param lowWatermark outbound bytes below which it is writable again
 * @param maxOutboundBytes outbound bytes beyond which the connection is closed (reason
 *     {@code OUTBOUND_LIMIT}): the hard cap on what a handler can queue for a peer that does not
 *     read
 * @param inboundCapacity bytes a blocking handler's inbound queue holds before reading pauses
 * @param handlerExecutor runs blocking handlers on reactor engines
 * @param tls the TLS every connection is served with, or {@code null} for plain connections
 */
public record EngineSettings(
        String name,
        Duration idleTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        boolean tcpNoDelay,
        int highWatermark,
        int lowWatermark,
        long maxOutboundBytes,
        int inboundCapacity,
        Supplier<ExecutorService> handlerExecutor,
        TlsContext tls) {

    /** The default hard cap on one connection's queued output: 64 MiB. */
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 64L * 1024 * 1024;

    /** Checks the values. */
    public EngineSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handlerExecutor, "handlerExecutor");
        requireTimeout("idleTimeout", idleTimeout);
        requireTimeout("readTimeout", readTimeout);
        requireTimeout("writeTimeout", writeTimeout);
        if (maxConnections < 0 || maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("connection limits must be >= 0: "
                    + maxConnections + ", " + maxConnectionsPerAddress);
        }
        if (lowWatermark < 0 || highWatermark <= lowWatermark) {
            throw new IllegalArgumentException("need 0 <= lowWatermark < highWatermark, got "
                    + lowWatermark + " and " + highWatermark);
        }
        if (maxOutboundBytes < highWatermark) {
            throw new IllegalArgumentException("maxOutboundBytes must be >= the high watermark "
                    + highWatermark + ": " + maxOutboundBytes);
        }
        if (inboundCapacity <= 0) {
            throw new IllegalArgumentException("inboundCapacity must be positive: " + inboundCapacity);
        }
    }

    private static void requireTimeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + timeout);
        }
    }

    /** These settings with another TLS context. */
    public EngineSettings withTls(TlsContext context) {
        return new EngineSettings(name, idleTimeout, readTimeout, writeTimeout, maxConnections,
                maxConnectionsPerAddress, tcpNoDelay, highWatermark, lowWatermark,
                maxOutboundBytes, inboundCapacity, handlerExecutor, context);
    }

    /** These settings with another connection limit. */
    public EngineSettings withMaxConnections(int limit) {
        return new EngineSettings(name, idleTimeout, readTimeout, writeTimeout, limit,
                maxConnectionsPerAddress, tcpNoDelay, highWatermark, lowWatermark,
                maxOutboundBytes, inboundCapacity, handlerExecutor, tls);
    }

    /** A new outbound buffer with these watermarks and hard cap. */
    public OutboundBuffer newOutboundBuffer() {
        return new OutboundBuffer(lowWatermark, highWatermark, maxOutboundBytes);
    }
}
