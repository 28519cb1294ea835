package org.socketserver4j.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * The child of {@link DescriptorExhaustionTest}: a HybridServer echoing lines, answering
 * {@code stats} with its accept-error count. Prints {@code port N}, serves until its stdin ends.
 */
public final class EmfileServerMain {

    private EmfileServerMain() {}

    /** Runs the child server. */
    public static void main(String[] args) throws Exception {
        HybridServer server = new HybridServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.event(StatsEcho::new), true);
        server.setWorkers(1);
        server.setGracePeriod(Duration.ofMillis(100));
        Thread serving = Thread.ofPlatform().start(server::serveForever);
        System.out.println("port " + ((InetSocketAddress) server.serverAddress()).getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin
        }
        server.shutdown();
        server.close();
        serving.join();
    }

    /** Echoes lines; {@code stats} answers the accept-error count. */
    static final class StatsEcho implements EventHandler {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void onData(Connection connection, ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
                char c = (char) data.get();
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                String reply = text.equals("stats")
                        ? connection.server().statistics().acceptErrors() + " accept errors"
                        : text;
                connection.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
