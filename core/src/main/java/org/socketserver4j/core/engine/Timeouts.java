package org.socketserver4j.core.engine;

import java.time.Duration;

/**
 * The idle, read and write timeouts of a connection as pure arithmetic on times from one
 * nanosecond clock, so every engine decides them alike and tests need no real time. Idle means
 * no progress either way: neither a read nor a write for the idle timeout.
 *
 * @param idleNanos no read and no write for this long: idle; 0: never
 * @param readNanos no read for this long; 0: never
 * @param writeNanos queued output with no write progress for this long; 0: never
 */
public record Timeouts(long idleNanos, long readNanos, long writeNanos) {

    /** The timeouts of {@code settings}. */
    public static Timeouts of(EngineSettings settings) {
        return new Timeouts(nanos(settings.idleTimeout()), nanos(settings.readTimeout()),
                nanos(settings.writeTimeout()));
    }

    private static long nanos(Duration d) {
        return d.isZero() ? 0 : d.toNanos();
    }

    /** Whether any timeout is on. */
    public boolean any() {
        return idleNanos > 0 || readNanos > 0 || writeNanos > 0;
    }

    /**
     * The earliest time a timeout can expire, given the last read, the last write progress and
     * whether output is queued; {@link Long#MAX_VALUE} when none can.
     */
    public long nextDeadline(long lastRead, long lastWrite, boolean outputPending) {
        long deadline = Long.MAX_VALUE;
        if (idleNanos > 0) {
            deadline = Math.min(deadline, latest(lastRead, lastWrite) + idleNanos);
        }
        if (readNanos > 0) {
            deadline = Math.min(deadline, lastRead + readNanos);
        }
        if (writeNanos > 0 && outputPending) {
            deadline = Math.min(deadline, lastWrite + writeNanos);
        }
        return deadline;
    }

    /** The timeout that has expired at {@code now}, or {@code null} if none has. */
    public CloseReason expired(long now, long lastRead, long lastWrite, boolean outputPending) {
        if (idleNanos > 0 && now - latest(lastRead, lastWrite) >= idleNanos) {
            return CloseReason.IDLE_TIMEOUT;
        }
        if (readNanos > 0 && now - lastRead >= readNanos) {
            return CloseReason.READ_TIMEOUT;
        }
        if (writeNanos > 0 && outputPending && now - lastWrite >= writeNanos) {
            return CloseReason.WRITE_TIMEOUT;
        }
        return null;
    }

    private static long latest(long a, long b) {
        return a - b > 0 ? a : b;
    }
}
