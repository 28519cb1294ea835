package org.socketserver4j.samples;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Locale;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.ForkingServer;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.ThreadingServer;
import org.socketserver4j.core.handler.HandlerFactory;

/** The concurrency strategies {@code serve} can use: {@code --strategy}. Each builds its server. */
public enum Strategy {
    /** One selector thread does all the I/O: {@link SelectServer}. */
    SELECT {
        @Override
        public BaseServer newServer(SocketAddress address, HandlerFactory handlers) throws IOException {
            return new SelectServer(address, handlers);
        }
    },
    /** A thread per connection: {@link ThreadingServer}. */
    THREADING {
        @Override
        public BaseServer newServer(SocketAddress address, HandlerFactory handlers) throws IOException {
            return new ThreadingServer(address, handlers);
        }
    },
    /** One acceptor, worker reactors and a handler pool: {@link HybridServer}. */
    HYBRID {
        @Override
        public BaseServer newServer(SocketAddress address, HandlerFactory handlers) throws IOException {
            return new HybridServer(address, handlers);
        }
    },
    /** A child JVM per connection: {@link ForkingServer}. */
    FORKING {
        @Override
        public BaseServer newServer(SocketAddress address, HandlerFactory handlers) throws IOException {
            return new ForkingServer(address, handlers);
        }
    };

    /**
     * Makes a server of this strategy, bound to {@code address} and listening.
     *
     * @throws IOException if the address cannot be bound
     */
    public abstract BaseServer newServer(SocketAddress address, HandlerFactory handlers) throws IOException;

    /** The name on the command line: the constant's name in lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
