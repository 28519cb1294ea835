package org.socketserver4j.core;

/**
 * Where a server is in its life. It only moves forward:
 * {@code NEW → BOUND → SERVING → STOPPED → DRAINING → CLOSED}, skipping states that do not
 * apply (a server closed without serving goes from {@code BOUND} to {@code DRAINING}).
 */
public enum ServerState {
    /** Made with {@code bindAndActivate = false}; options may still be set. */
    NEW,
    /** Bound and listening; the kernel backlog holds clients until serving starts. */
    BOUND,
    /** {@code serveForever} is accepting connections. */
    SERVING,
    /** {@code shutdown()} was called: nothing more is accepted; open connections go on. */
    STOPPED,
    /** {@code close()} is under way: the listener is closed, open connections drain. */
    DRAINING,
    /** Closed: every socket and thread is released. */
    CLOSED
}
