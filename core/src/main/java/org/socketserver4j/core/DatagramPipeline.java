package org.socketserver4j.core;

import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.datagram.DatagramHooks;
import org.socketserver4j.core.datagram.DatagramStatistics;
import org.socketserver4j.core.handler.Server;
import org.socketserver4j.core.stats.ServerStatistics;

/**
 * The datagram engine's view of a server: {@link BaseServer#verifyRequest} and
 * {@link BaseServer#handleError}, called with a {@code null} request (a datagram has no
 * connection; the sender's address says who), counted in the server's statistics.
 */
final class DatagramPipeline implements DatagramHooks {

    private static final Logger log = LoggerFactory.getLogger(BaseServer.class);

    private final BaseServer server;
    private final DatagramHandlerFactory factory;
    private final ServerStatistics statistics;

    DatagramPipeline(BaseServer server, DatagramHandlerFactory factory, ServerStatistics statistics) {
        this.server = server;
        this.factory = factory;
        this.statistics = statistics;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public DatagramStatistics statistics() {
        return statistics.datagrams();
    }

    @Override
    public DatagramHandlerFactory handlerFactory() {
        return factory;
    }

    @Override
    public boolean verify(SocketAddress sender) {
        try {
            return server.verifyRequest(null, sender);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            handleError(sender, e);
            return false;
        }
    }

    @Override
    public void handleError(SocketAddress sender, Throwable error) {
        statistics.handlerError();
        try {
            server.handleError(null, sender, error);
        } catch (RuntimeException e) {
            log.error("handleError itself failed for {}", sender, e);
        }
    }

    @Override
    public void handlerRan(long nanos) {
        statistics.handlerRan(nanos);
    }
}
