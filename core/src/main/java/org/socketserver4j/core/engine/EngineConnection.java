package org.socketserver4j.core.engine;

import java.net.SocketAddress;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.Server;

/**
 * What every engine's connection shares: its two addresses and the server it belongs to. The
 * reactor's connection, the thread-per-connection one and the forking relay extend it and keep
 * the rest of {@link Connection} for their transport.
 */
public abstract class EngineConnection implements Connection {

    /** The server's pipeline and statistics. */
    protected final ServerHooks hooks;
    /** The peer's address. */
    protected final SocketAddress remote;
    /** This end's address. */
    protected final SocketAddress local;

    /** A connection of the server behind {@code hooks}, between {@code local} and {@code remote}. */
    protected EngineConnection(ServerHooks hooks, SocketAddress remote, SocketAddress local) {
        this.hooks = hooks;
        this.remote = remote;
        this.local = local;
    }

    @Override
    public final SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public final SocketAddress localAddress() {
        return local;
    }

    @Override
    public final Server server() {
        return hooks.server();
    }
}
