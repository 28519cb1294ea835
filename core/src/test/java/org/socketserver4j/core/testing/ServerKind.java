package org.socketserver4j.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.ThreadingServer;
import org.socketserver4j.core.ForkingServer;
import org.socketserver4j.core.handler.HandlerFactory;

/** Every server class under test: a new server joins the whole suite by one line here. */
public enum ServerKind {
    /** One selector thread. */
    SELECT(SelectServer::new, HookedServers.Select::new),
    /** A virtual thread per connection. */
    THREADING(ThreadingServer::new, HookedServers.Threading::new),
    /** One acceptor, worker reactors (two, so cross-reactor paths are exercised), a handler pool. */
    HYBRID(HybridServers::twoWorkers, HookedServers.Hybrid::new),
    /** A child JVM per connection: cases that open many connections run fewer here. */
    FORKING(ForkingServer::new, HookedServers.Forking::new);

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

    /**
     * How many connections a case that wants {@code n} should open on this kind: all of them,
     * except where each connection starts a JVM.
     */
    public int scale(int n) {
        return this == FORKING ? Math.min(n, 4) : n;
    }

    /**
     * A timeout a case sets, lengthened where a connection waits for a JVM to start first, so
     * start-up is not taken for a silent client.
     */
    public java.time.Duration timeout(java.time.Duration wanted) {
        return this == FORKING ? wanted.plusSeconds(2) : wanted;
    }

    /** Whether handlers run in this process (false: in a child, so only classes by name work). */
    public boolean handlersInProcess() {
        return this != FORKING;
    }

    /** A bound server on 127.0.0.1, port 0, whose pipeline hooks call {@code hooks}. */
    public BaseServer createHooked(HandlerFactory factory, Hooks hooks) throws IOException {
        return hooked.make(new InetSocketAddress("127.0.0.1", 0), factory, hooks);
    }

    /** A bound server on a fresh address of {@code transport}, whose pipeline hooks call {@code hooks}. */
    public BaseServer createHooked(Transport transport, HandlerFactory factory, Hooks hooks) throws IOException {
        return hooked.make(transport.newAddress(), factory, hooks);
    }

    /** A server on a fresh address of {@code transport}, bound unless {@code bind} is false. */
    public BaseServer create(Transport transport, HandlerFactory factory, boolean bind) throws IOException {
        return create(transport.newAddress(), factory, bind);
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
