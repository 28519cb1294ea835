package org.socketserver4j.core.reactor;

/** How a multi-reactor engine picks the worker that owns a new connection for life. */
public enum Placement {
    /** Each worker in turn: even spread for connections of similar weight. */
    ROUND_ROBIN,
    /** The worker with the fewest open connections: evens out long-lived connections. */
    LEAST_LOADED
}
