package org.socketserver4j.samples;

import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Which servers take part in which workload of {@code compare}, and why not where one does not:
 * the reason becomes the server's {@code not run: ...} row.
 *
 * <ul>
 *   <li>ForkingServer starts a JVM per connection (per datagram over UDP): it takes part where
 *       the workload's connections open at once are at most {@link #FORKING_MAX_CONNECTIONS}
 *       (echo, large, tls-echo: one child each, started before the warm-up ends; churn: its
 *       spare pool), and not in held and scale (a JVM per held connection), udp-echo (a JVM
 *       per datagram, answered after the loss timeout), chat-flood (each child a room of its
 *       own) or tls-http (wrk's measured run opens new connections).</li>
 *   <li>The Python {@code selectors} loop serves TCP echo only, where {@code python3} is
 *       present.</li>
 *   <li>Netty serves no chat.</li>
 *   <li>tls-http is {@code wrk}'s load: no server takes part where {@code wrk} is not on
 *       {@code PATH} (a machine with only a JDK and Maven), and the rows say so.</li>
 * </ul>
 */
final class Participation {

    /**
     * The most connections ForkingServer serves at once in a workload: a child JVM each (about 40
     * MiB resident and a few hundred milliseconds of CPU to start), serve's {@code --max-children}
     * default.
     */
    static final int FORKING_MAX_CONNECTIONS = ServeCommand.CLI_MAX_CHILDREN;

    private final boolean python;
    private final boolean wrk;
    private final ToIntFunction<Workload> connections;

    /**
     * @param python whether {@code python3} is present
     * @param wrk whether {@code wrk} is present
     * @param connections the connections (UDP: senders) a workload keeps open at once
     */
    Participation(boolean python, boolean wrk, ToIntFunction<Workload> connections) {
        this.python = python;
        this.wrk = wrk;
        this.connections = connections;
    }

    /** Why {@code contender} does not take part in {@code workload}, or {@code null} if it does. */
    String whyNot(Contender contender, Workload workload) {
        if (workload == Workload.TLS_HTTP && !wrk && contender != Contender.PYTHON) {
            return "no wrk on PATH, the load of tls-http (apt-get install wrk)";
        }
        return switch (contender) {
            case FORKING -> forking(workload);
            case PYTHON -> !python ? "no python3 on PATH"
                    : switch (workload) {
                        case ECHO, LARGE, HELD, SCALE, CHURN -> null;
                        default -> "the Python selectors loop serves TCP echo only";
                    };
            case NETTY -> workload == Workload.CHAT_FLOOD ? "Netty serves no chat" : null;
            default -> null;
        };
    }

    private String forking(Workload workload) {
        return switch (workload) {
            case HELD, SCALE -> String.format(Locale.ROOT, "a JVM per connection: %,d held connections would be"
                    + " %,d JVMs", connections.applyAsInt(workload), connections.applyAsInt(workload));
            case UDP_ECHO -> "a JVM per datagram: each starts after the 1s a datagram may go unanswered";
            case CHAT_FLOOD -> "a child JVM per connection: each member would be in a room of its own";
            case TLS_HTTP -> "wrk's measured run opens new connections, each would start a JVM inside the window";
            default -> {
                int open = connections.applyAsInt(workload);
                yield open <= FORKING_MAX_CONNECTIONS ? null : String.format(Locale.ROOT, "a JVM per connection:"
                        + " %,d connections would be %,d JVMs at once (it takes part up to %d)", open, open,
                        FORKING_MAX_CONNECTIONS);
            }
        };
    }
}
