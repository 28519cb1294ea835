package org.socketserver4j.core;

import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.handler.Server;
import org.socketserver4j.core.stats.ServerStatistics;

/**
 * The engine's view of a server: socketserver's request pipeline. It runs a connection
 * through the server's overridable hooks ({@link BaseServer#verifyRequest},
 * {@link BaseServer#processRequest}, {@link BaseServer#finishRequest},
 * {@link BaseServer#handleError}, {@link BaseServer#shutdownRequest}), keeps them from
 * taking the engine down, and counts what happened in the server's statistics.
 */
final class RequestPipeline implements ServerHooks {

    /** Logged under BaseServer's name, as before the split. */
    private static final Logger log = LoggerFactory.getLogger(BaseServer.class);

    private final BaseServer server;
    private final HandlerFactory handlerFactory;
    private final ServerStatistics statistics = new ServerStatistics();

    /** The pipeline of {@code server}, whose handlers {@code handlerFactory} makes. */
    RequestPipeline(BaseServer server, HandlerFactory handlerFactory) {
        this.server = server;
        this.handlerFactory = handlerFactory;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public ServerStatistics statistics() {
        return statistics;
    }

    @Override
    public HandlerFactory handlerFactory() {
        return handlerFactory;
    }

    /**
     * Counts the connection accepted, then exactly one of: rejected here (refused, or
     * {@code verifyRequest}/{@code processRequest} failed before the engine took it), or
     * closed later by the engine's close path. An {@link Error} is not passed to
     * {@code handleError}: the connection is refused and closed, and the error rethrown
     * (the accepting reactor logs it).
     */
    @Override
    public void accepted(Connection connection) {
        statistics.connectionAccepted();
        SocketAddress client = connection.remoteAddress();
        boolean verified;
        try {
            verified = server.verifyRequest(connection, client);
        } catch (Exception e) {
            handleError(connection, e);
            verified = false;
        } catch (Error e) {
            reject(connection);
            throw e;
        }
        if (!verified) {
            reject(connection);
            return;
        }
        try {
            server.processRequest(connection, client);
        } catch (Exception e) {
            handleError(connection, e);
            reject(connection);
        } catch (Error e) {
            reject(connection);
            throw e;
        }
    }

    @Override
    public void runBlocking(Request request) {
        long start = System.nanoTime();
        try {
            server.finishRequest(request, request.remoteAddress());
        } catch (Exception e) {
            handleError(request, e);
        } finally {
            statistics.handlerRan(System.nanoTime() - start);
            endRequest(request);
        }
    }

    @Override
    public void handleError(Connection connection, Throwable error) {
        statistics.handlerError();
        try {
            server.handleError(connection, connection.remoteAddress(), error);
        } catch (RuntimeException e) {
            log.error("handleError itself failed for {}", connection.remoteAddress(), e);
        }
    }

    /** Counts a connection the engine never took as rejected, and ends it. */
    private void reject(Connection connection) {
        statistics.connectionRejected();
        endRequest(connection);
    }

    /** {@code shutdownRequest}; should it fail, the connection is closed all the same. */
    private void endRequest(Connection connection) {
        try {
            server.shutdownRequest(connection);
        } catch (RuntimeException e) {
            log.error("shutdownRequest failed for {}", connection.remoteAddress(), e);
            connection.close();
        }
    }
}
