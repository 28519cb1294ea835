package org.socketserver4j.samples;

import java.io.IOException;
import java.net.SocketAddress;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.ForkingServer;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.ThreadingServer;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.handlers.udp.DaytimeDatagramEventHandler;
import org.socketserver4j.handlers.udp.DaytimeDatagramHandler;
import org.socketserver4j.handlers.udp.EchoDatagramEventHandler;
import org.socketserver4j.handlers.udp.EchoDatagramHandler;

/** What {@code serve --transport=udp} serves: the UDP handler of a choice and its server. */
final class UdpServing {

    private UdpServing() {}

    /**
     * The datagram handler class of {@code handler} in {@code style}.
     *
     * @throws IllegalArgumentException if that handler has no UDP form (only echo and daytime do)
     */
    static Class<?> handlerClass(HandlerChoice handler, Style style) {
        boolean blocking = style == Style.BLOCKING;
        return switch (handler) {
            case ECHO -> blocking ? EchoDatagramHandler.class : EchoDatagramEventHandler.class;
            case DAYTIME -> blocking ? DaytimeDatagramHandler.class : DaytimeDatagramEventHandler.class;
            default -> throw new IllegalArgumentException("handler " + handler
                    + " does not serve UDP; echo and daytime do");
        };
    }

    /** An unbound UDP server of {@code strategy} (bind it after setting its options). */
    static BaseServer newServer(Strategy strategy, SocketAddress address, Class<?> handlerClass)
            throws IOException {
        DatagramHandlerFactory factory = DatagramHandlerFactory.of(handlerClass);
        return switch (strategy) {
            case SELECT -> new SelectServer(address, factory, false);
            case THREADING -> new ThreadingServer(address, factory, false);
            case HYBRID -> new HybridServer(address, factory, false);
            case FORKING -> new ForkingServer(address, factory, false);
        };
    }
}
