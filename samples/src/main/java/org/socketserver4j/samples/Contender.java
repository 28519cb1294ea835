package org.socketserver4j.samples;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The servers {@code compare} can put side by side: {@code --strategies}. Each of
 * socketserver4j's {@link Strategy strategies} serves echo in every {@link Style}; Netty, the
 * reference, serves it in the event style only. ForkingServer takes part in the tls-echo
 * workload only: a JVM per connection suits a few long-lived connections, not echo's 64 or
 * held's 10,000.
 */
public enum Contender {
    /** {@code serve --strategy=select}. */
    SELECT("SelectServer", Strategy.SELECT),
    /** {@code serve --strategy=threading}: a virtual thread per connection. */
    THREADING("ThreadingServer", Strategy.THREADING),
    /** {@code serve --strategy=hybrid}. */
    HYBRID("HybridServer", Strategy.HYBRID),
    /** {@code serve --strategy=forking}: a child JVM per connection (tls-echo only). */
    FORKING("ForkingServer", Strategy.FORKING),
    /** {@link NettyEchoServer}: Netty's NIO transport. */
    NETTY("Netty NIO", null);

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

    /** The socketserver4j strategy it runs, or {@code null} for Netty. */
    public Strategy strategy() {
        return strategy;
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
