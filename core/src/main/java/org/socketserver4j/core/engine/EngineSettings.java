package org.socketserver4j.core.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The settings an engine runs with, fixed when the server starts serving.
 *
 * @param name prefix of the engine's thread names
 * @param idleTimeout close a connection with no traffic either way for this long; zero: never
 * @param maxConnections open connections at most; at the limit accepting pauses; 0: no limit
 * @param tcpNoDelay whether accepted TCP connections get TCP_NODELAY
 * @param highWatermark outbound bytes above which a connection is not writable
 * @param lowWatermark outbound bytes below which it is writable again
 * @param inboundCapacity bytes a blocking handler's inbound queue holds before reading pauses
 * @param handlerExecutor runs blocking handlers on reactor engines
 */
public record EngineSettings(
        String name,
        Duration idleTimeout,
        int maxConnections,
        boolean tcpNoDelay,
        int highWatermark,
        int lowWatermark,
        int inboundCapacity,
        Supplier<ExecutorService> handlerExecutor) {

    /** Checks the values. */
    public EngineSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(handlerExecutor, "handlerExecutor");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be >= 0: " + maxConnections);
        }
        if (lowWatermark < 0 || highWatermark <= lowWatermark) {
            throw new IllegalArgumentException("need 0 <= lowWatermark < highWatermark, got "
                    + lowWatermark + " and " + highWatermark);
        }
        if (inboundCapacity <= 0) {
            throw new IllegalArgumentException("inboundCapacity must be positive: " + inboundCapacity);
        }
    }

    /** The idle timeout in nanoseconds, 0 when off. */
    public long idleTimeoutNanos() {
        return idleTimeout.toNanos();
    }
}
