package org.socketserver4j.samples;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The servers {@code compare} can put side by side: {@code --strategies}. Each of
 * socketserver4j's {@link Strategy strategies} serves echo in every {@link Style}; Netty, the
 * reference, serves it in the event style only, and so does the Python {@code selectors} loop
 * (the seed's program, where {@code python3} is present). Which workloads each takes part in is
 * {@link Participation}'s to say: ForkingServer, a JVM per connection, only where the workload's
 * connections are few.
 */
public enum Contender {
    /** {@code serve --strategy=select}. */
    SELECT("SelectServer", Strategy.SELECT),
    /** {@code serve --strategy=threading}: a virtual thread per connection. */
    THREADING("ThreadingServer", Strategy.THREADING),
    /** {@code serve --strategy=hybrid}. */
    HYBRID("HybridServer", Strategy.HYBRID),
    /** {@code serve --strategy=forking}: a child JVM per connection, where the connections are few. */
    FORKING("ForkingServer", Strategy.FORKING),
    /** {@link NettyEchoServer}: Netty's NIO transport. */
    NETTY("Netty NIO", null),
    /** {@link PythonEchoServer}: Python's {@code selectors} echo loop, the seed's program (event style). */
    PYTHON("Python selectors", null);

    private final String label;
    private final Strategy strategy;

    Contender(String label, Strategy strategy) {
        this.label = label;
        this.strategy = strategy;
    }

    /** The name in the report, e.g. {@code HybridServer}. */
    public String label() {
        return label;
    }

    /** The socketserver4j strategy it runs, or {@code null} for Netty and Python. */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * The selector its connections wait on unless told otherwise: the JDK's default (epoll on
     * Linux) for the reactors and Python, {@link SelectorChoice#NONE} for the servers that give
     * each connection a thread (ThreadingServer) or a process (ForkingServer).
     */
    public SelectorChoice selector() {
        return this == THREADING || this == FORKING ? SelectorChoice.NONE : SelectorChoice.EPOLL;
    }

    /** Whether its server is a JVM (everything but Python): it runs in a {@link ServerHost}, which may be asked for a GC. */
    public boolean jvm() {
        return this != PYTHON;
    }

    /** The handler styles it serves echo in. */
    public Set<Style> styles() {
        return strategy == null ? EnumSet.of(Style.EVENT) : EnumSet.allOf(Style.class);
    }

    /** The name on the command line: the constant's name in lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
