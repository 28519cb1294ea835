package org.socketserver4j.core.datagram;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * How a server runs datagram handlers: the one place a server class differs for UDP.
 *
 * @param readers sockets read, each by a thread of its own with a selector; more than one
 *     binds that many SO_REUSEPORT sockets to the port, and the kernel spreads senders over
 *     them by a hash of the sender's address
 * @param eventsOnReader whether event handlers run on the reading thread (else on the executor)
 * @param executor runs blocking handlers (and event handlers unless {@code eventsOnReader})
 * @param children when not null, each handler runs in a child JVM of its own (ForkingServer),
 *     started from a thread of {@code executor}
 */
public record DatagramConcurrency(int readers, boolean eventsOnReader, Supplier<ExecutorService> executor,
        DatagramChildren children) {

    /** Checks the values. */
    public DatagramConcurrency {
        Objects.requireNonNull(executor, "executor");
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be >= 1: " + readers);
        }
    }

    /** One reading loop; event handlers on it, blocking ones on {@code pool}. */
    public static DatagramConcurrency loop(Supplier<ExecutorService> pool) {
        return new DatagramConcurrency(1, true, pool, null);
    }

    /** One reading loop handing every datagram to a thread of its own from {@code threads}. */
    public static DatagramConcurrency threadPerDatagram(Supplier<ExecutorService> threads) {
        return new DatagramConcurrency(1, false, threads, null);
    }

    /** {@code n} SO_REUSEPORT sockets, each with its loop; blocking handlers on {@code pool}. */
    public static DatagramConcurrency workers(int n, Supplier<ExecutorService> pool) {
        return new DatagramConcurrency(n, true, pool, null);
    }

    /**
     * One reading loop handing every datagram to a thread of {@code threads}, which serves it in
     * a child JVM of its own ({@code children}).
     */
    public static DatagramConcurrency forked(Supplier<ExecutorService> threads, DatagramChildren children) {
        return new DatagramConcurrency(1, false, threads, java.util.Objects.requireNonNull(children, "children"));
    }
}
