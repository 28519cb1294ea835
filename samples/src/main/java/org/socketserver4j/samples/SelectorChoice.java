package org.socketserver4j.samples;

import java.util.List;

/**
 * The selector a server's connections wait on: {@code compare --selectors}. The reactor servers
 * (SelectServer, HybridServer, Netty NIO, the Python selectors loop) run once per choice asked
 * for; the servers whose connections are served by threads with blocking I/O (ThreadingServer,
 * ForkingServer; only their acceptor has a selector) run once, as {@link #NONE}. Every row of
 * every workload carries one, and its {@link #label()} is the one name of it in the reports.
 */
public enum SelectorChoice {
    /** The JDK's default on Linux: {@code epoll(7)}, {@code sun.nio.ch.EPollSelectorProvider}. */
    EPOLL("epoll", "sun.nio.ch.EPollSelectorProvider", "EpollSelector"),
    /** {@code poll(2)}, {@code sun.nio.ch.PollSelectorProvider}: the whole set passed in each call. */
    POLL("poll", "sun.nio.ch.PollSelectorProvider", "PollSelector"),
    /** No selector of its own for the connections: a thread per connection, blocking I/O. */
    NONE("none", null, null);

    /** The JDK's system property naming the {@code SelectorProvider} class to use. */
    static final String PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";

    private final String label;
    private final String providerClass;
    private final String pythonSelector;

    SelectorChoice(String label, String providerClass, String pythonSelector) {
        this.label = label;
        this.providerClass = providerClass;
        this.pythonSelector = pythonSelector;
    }

    /** The name in reports and on the command line, e.g. {@code poll}. */
    public String label() {
        return label;
    }

    /** The JDK's {@code SelectorProvider} class of this choice, or {@code null} for {@link #NONE}. */
    public String providerClass() {
        return providerClass;
    }

    /** The class of Python's {@code selectors} module of this choice, or {@code null} for {@link #NONE}. */
    public String pythonSelector() {
        return pythonSelector;
    }

    /**
     * The options a server JVM needs to run on it: poll names its provider; epoll is the JDK's
     * default on Linux and needs none (the server's log says which it got: {@link #logLine}).
     */
    public List<String> jvmOptions() {
        return this == POLL ? List.of("-D" + PROVIDER_PROPERTY + "=" + providerClass) : List.of();
    }

    /**
     * The line a server writes on standard error at start-up naming the selector it runs on: its
     * class, e.g. a provider's ({@code serve --report-selector}, {@link NettyEchoServer}, the Python loop).
     */
    static String logLine(String selectorClass) {
        return "selector: " + selectorClass;
    }

    /**
     * Checks, from a server's log, that it runs on this choice: the JDK provider's class or, for
     * Python, the {@code selectors} class.
     *
     * @return why not, or {@code null} when it does (or for {@link #NONE}, which nothing logs)
     */
    String mismatch(String log) {
        if (this == NONE) {
            return null;
        }
        if (log.contains(logLine(providerClass)) || log.contains(logLine(pythonSelector))) {
            return null;
        }
        int at = log.indexOf(logLine(""));
        String got = at < 0 ? "it did not say which selector it runs on"
                : "it runs on " + log.substring(at + logLine("").length()).lines().findFirst().orElse("?").trim();
        return "asked for " + label + " (" + providerClass + "), but " + got;
    }

    /** The name on the command line. */
    @Override
    public String toString() {
        return label;
    }
}
