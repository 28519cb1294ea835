package org.socketserver4j.samples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server of one connection on 127.0.0.1, any port, that runs a scripted conversation on a
 * thread of its own, then closes the connection: a server that misbehaves on purpose.
 */
final class FakeServer {

    /** What the server does with its one connection. */
    interface Conversation {
        void run(Socket socket) throws IOException;
    }

    private FakeServer() {}

    /**
     * A conversation that waits for the client's first byte, answers {@code reply} (ASCII) and
     * reads until the client closes.
     */
    static Conversation answering(String reply) {
        return socket -> {
            socket.getInputStream().read();
            socket.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read(); // until the client closes
        };
    }

    /**
     * Listens, accepts one connection on thread {@code threadName} (reads time out after
     * {@code wait}) and runs {@code conversation}; {@code cleanup} closes the listener and joins
     * the thread. Returns the address to connect to.
     */
    static InetSocketAddress start(Closer cleanup, String threadName, Duration wait, Conversation conversation)
            throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(listener);
        Thread thread = Thread.ofPlatform().name(threadName).start(() -> {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout((int) wait.toMillis());
                conversation.run(socket);
            } catch (IOException e) {
                // the test sees what the client saw
            }
        });
        cleanup.add(() -> {
            listener.close();
            thread.join(wait);
        });
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }
}
