package org.socketserver4j.core.engine;

import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.handler.Server;
import org.socketserver4j.core.stats.ServerStatistics;

/** What an engine asks of its server: socketserver's request pipeline, engine-neutral. */
public interface ServerHooks {

    /** The server as handlers see it. */
    Server server();

    /** The server's counters. */
    ServerStatistics statistics();

    /** Makes the handlers. */
    HandlerFactory handlerFactory();

    /**
     * A connection was accepted: verify it, then process it (or shut it down when refused).
     * Called on the accepting thread.
     */
    void accepted(Connection connection);

    /**
     * Runs a blocking handler for {@code request} to the end: finishRequest, handleError on
     * an exception, then shutdownRequest. An {@link Error} propagates after the request is
     * closed. Called on the handler's thread.
     */
    void runBlocking(Request request);

    /** Reports an exception from a handler (socketserver's {@code handle_error}). */
    void handleError(Connection connection, Throwable error);
}
