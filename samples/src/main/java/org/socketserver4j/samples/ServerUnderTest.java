package org.socketserver4j.samples;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server {@code compare} measures, running and listening: a child process of its own
 * ({@link ServerProcess}) or a server inside a shared {@link ServerHost} JVM ({@link HostedServer}).
 * Its figures are its process's: the CPU time, peaks and log of the JVM (or Python) it runs in.
 */
interface ServerUnderTest extends AutoCloseable {

    /** The address it listens on (over UDP, the one it receives on). */
    InetSocketAddress address();

    /** The id of the process it runs in. */
    long pid();

    /** Whether it still serves: its process runs, and it was not stopped. */
    boolean isAlive();

    /**
     * The CPU time its process has used so far, with that of the processes it started
     * (ForkingServer's children), if the OS tells.
     */
    Optional<Duration> cpuTime();

    /**
     * Asks its process, a JVM, for a full GC and waits for it.
     *
     * @return the heap in use after it, or empty if it could not be asked or did not tell
     */
    OptionalLong fullGc() throws InterruptedException;

    /** What its process has written on standard error so far (its log), or "". */
    String log();

    /** The last lines of its process's standard error, prefixed for an error message, or "". */
    String logTail();

    /** Stops it and releases what it holds. Idempotent. */
    @Override
    void close();
}
