package org.socketserver4j.core.engine;

import org.socketserver4j.core.handler.Request;

/**
 * A connection served by a thread that blocks on it (a socket, or a forked child's pipes), as
 * {@link BlockingEventLoop} drives it for an event handler.
 */
public interface BlockingConnection extends Request {

    /** Blocks while reading is paused and the connection is open. */
    void awaitReadingAllowed() throws InterruptedException;

    /**
     * The peer has ended its stream while the handler may still write: waits until the
     * connection is closed, at most the connection's idle timeout (then closes it).
     */
    void awaitClosed() throws InterruptedException;
}
