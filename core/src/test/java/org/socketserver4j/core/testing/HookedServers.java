package org.socketserver4j.core.testing;

import java.io.IOException;
import java.net.SocketAddress;
import org.socketserver4j.core.ForkingServer;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.ThreadingServer;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;

/** One subclass per server class whose pipeline hooks call a {@link Hooks}. */
final class HookedServers {

    private HookedServers() {}

    /** SelectServer with {@link Hooks}. */
    static final class Select extends SelectServer {
        private final Hooks hooks;

        Select(SocketAddress address, HandlerFactory factory, Hooks hooks) throws IOException {
            super(address, factory, true);
            this.hooks = hooks;
        }

        @Override
        protected void handleError(Connection request, SocketAddress client, Throwable error) {
            hooks.handleError(request, client, error);
        }

        @Override
        protected boolean verifyRequest(Connection request, SocketAddress client) {
            return hooks.verifyRequest(request, client);
        }

        @Override
        protected void shutdownRequest(Connection request) {
            hooks.shutdownRequest(request);
        }

        @Override
        protected void handleTimeout() {
            hooks.handleTimeout();
        }
    }

    /** ThreadingServer with {@link Hooks}. */
    static final class Threading extends ThreadingServer {
        private final Hooks hooks;

        Threading(SocketAddress address, HandlerFactory factory, Hooks hooks) throws IOException {
            super(address, factory, true);
            this.hooks = hooks;
        }

        @Override
        protected void handleError(Connection request, SocketAddress client, Throwable error) {
            hooks.handleError(request, client, error);
        }

        @Override
        protected boolean verifyRequest(Connection request, SocketAddress client) {
            return hooks.verifyRequest(request, client);
        }

        @Override
        protected void shutdownRequest(Connection request) {
            hooks.shutdownRequest(request);
        }

        @Override
        protected void handleTimeout() {
            hooks.handleTimeout();
        }
    }

    /** HybridServer with {@link Hooks}. */
    static final class Hybrid extends HybridServer {
        private final Hooks hooks;

        Hybrid(SocketAddress address, HandlerFactory factory, Hooks hooks) throws IOException {
            super(address, factory, true);
            this.hooks = hooks;
            setWorkers(2);
        }

        @Override
        protected void handleError(Connection request, SocketAddress client, Throwable error) {
            hooks.handleError(request, client, error);
        }

        @Override
        protected boolean verifyRequest(Connection request, SocketAddress client) {
            return hooks.verifyRequest(request, client);
        }

        @Override
        protected void shutdownRequest(Connection request) {
            hooks.shutdownRequest(request);
        }

        @Override
        protected void handleTimeout() {
            hooks.handleTimeout();
        }
    }

    /** ForkingServer with {@link Hooks}. */
    static final class Forking extends ForkingServer {
        private final Hooks hooks;

        Forking(SocketAddress address, HandlerFactory factory, Hooks hooks) throws IOException {
            super(address, factory, true);
            this.hooks = hooks;
        }

        @Override
        protected void handleError(Connection request, SocketAddress client, Throwable error) {
            hooks.handleError(request, client, error);
        }

        @Override
        protected boolean verifyRequest(Connection request, SocketAddress client) {
            return hooks.verifyRequest(request, client);
        }

        @Override
        protected void shutdownRequest(Connection request) {
            hooks.shutdownRequest(request);
        }

        @Override
        protected void handleTimeout() {
            hooks.handleTimeout();
        }
    }
}
