package org.socketserver4j.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.BiConsumer;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.ForkingServer;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.ThreadingServer;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;

/**
 * The server kinds as UDP servers. The switch is exhaustive over {@link ServerKind}: a new kind
 * does not compile until it says how it serves UDP here (one line).
 */
public final class DatagramKinds {

    private DatagramKinds() {}

    /** The kinds that serve UDP. */
    public static List<ServerKind> serving() {
        return List.of(ServerKind.values());
    }

    /** An unbound UDP server of {@code kind} on 127.0.0.1, port 0. */
    public static BaseServer unbound(ServerKind kind, DatagramHandlerFactory factory) throws IOException {
        return unbound(kind, factory, null);
    }

    /**
     * An unbound UDP server of {@code kind} on 127.0.0.1, port 0, whose {@code handleError}
     * also tells {@code errors} (when not null).
     */
    public static BaseServer unbound(ServerKind kind, DatagramHandlerFactory factory,
            BiConsumer<SocketAddress, Throwable> errors) throws IOException {
        SocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        BiConsumer<SocketAddress, Throwable> sink = errors != null ? errors : (a, e) -> { };
        return switch (kind) {
            case SELECT -> new SelectServer(address, factory, false) {
                @Override
                protected void handleError(Connection request, SocketAddress client, Throwable error) {
                    sink.accept(client, error);
                    super.handleError(request, client, error);
                }
            };
            case THREADING -> new ThreadingServer(address, factory, false) {
                @Override
                protected void handleError(Connection request, SocketAddress client, Throwable error) {
                    sink.accept(client, error);
                    super.handleError(request, client, error);
                }
            };
            case HYBRID -> {
                HybridServer hybrid = new HybridServer(address, factory, false) {
                    @Override
                    protected void handleError(Connection request, SocketAddress client, Throwable error) {
                        sink.accept(client, error);
                        super.handleError(request, client, error);
                    }
                };
                hybrid.setWorkers(2);
                yield hybrid;
            }
            case FORKING -> new ForkingServer(address, factory, false) {
                @Override
                protected void handleError(Connection request, SocketAddress client, Throwable error) {
                    sink.accept(client, error);
                    super.handleError(request, client, error);
                }
            };
        };
    }

    /** A bound UDP server of {@code kind} on 127.0.0.1, port 0. */
    public static BaseServer bound(ServerKind kind, DatagramHandlerFactory factory) throws IOException {
        BaseServer server = unbound(kind, factory);
        bind(server);
        return server;
    }

    /** Binds and activates {@code server}, closing it if that fails. */
    public static void bind(BaseServer server) throws IOException {
        try {
            server.serverBind();
            server.serverActivate();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
