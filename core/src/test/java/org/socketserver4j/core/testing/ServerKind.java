package org.socketserver4j.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.ThreadingServer;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.handler.HandlerFactory;

/** Every server class under test: a new server joins the whole suite by one line here. */
public enum ServerKind {
    /** One selector thread. */
    SELECT(SelectServer::new, HookedServers.Select::new),
    /** A virtual thread per connection. */
    THREADING(ThreadingServer::new, HookedServers.Threading::new),
    /** One acceptor, worker reactors (two, so cross-reactor paths are exercised), a handler pool. */
    HYBRID(HybridServers::twoWorkers, HookedServers.Hybrid::new);

    /** Makes a server of one kind. */
    @FunctionalInterface
    public interface Constructor {
        /** Makes the server. */
        BaseServer make(SocketAddress address, HandlerFactory factory, boolean bindAndActivate)
                throws IOException;
    }

    /** Makes a server of one kind whose pipeline hooks call a {@link Hooks}. */
    @FunctionalInterface
    public interface HookedConstructor {
        /** Makes the server, bound. */
        BaseServer make(SocketAddress address, HandlerFactory factory, Hooks hooks) throws IOException;
    }

    private final Constructor constructor;
    private final HookedConstructor hooked;

    ServerKind(Constructor constructor, HookedConstructor hooked) {
        this.constructor = constructor;
        this.hooked = hooked;
    }

    /** A bound server on 127.0.0.1, port 0, whose pipeline hooks call {@code hooks}. */
    public BaseServer createHooked(HandlerFactory factory, Hooks hooks) throws IOException {
        return hooked.make(new InetSocketAddress("127.0.0.1", 0), factory, hooks);
    }

    /** A server on 127.0.0.1, port 0, bound unless {@code bind} is false. */
    public BaseServer create(HandlerFactory factory, boolean bind) throws IOException {
        return create(new InetSocketAddress("127.0.0.1", 0), factory, bind);
    }

    /** A server on {@code address}. */
    public BaseServer create(SocketAddress address, HandlerFactory factory, boolean bind)
            throws IOException {
        return constructor.make(address, factory, bind);
    }
}
