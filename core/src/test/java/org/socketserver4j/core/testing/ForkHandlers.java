package org.socketserver4j.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.socketserver4j.core.handler.StreamRequestHandler;

/** Handlers for ForkingServer tests: public and nested in a public class, so a child can make them. */
public final class ForkHandlers {

    private ForkHandlers() {}

    /**
     * Line commands: {@code exit N} calls {@code System.exit(N)}, {@code halt} kills the JVM
     * abruptly, {@code hang} blocks for ever, {@code print} writes to {@code System.out} and
     * answers {@code printed}; anything else is echoed.
     */
    public static class Misbehaving extends StreamRequestHandler {
        /** Makes it. */
        public Misbehaving() {}

        @Override
        public void handle() throws Exception {
            String line;
            while ((line = rfile.readLine()) != null) {
                if (line.startsWith("exit ")) {
                    System.exit(Integer.parseInt(line.substring(5)));
                } else if (line.equals("halt")) {
                    Runtime.getRuntime().halt(134);
                } else if (line.equals("hang")) {
                    new CountDownLatch(1).await();
                } else if (line.equals("print")) {
                    System.out.println("this must not reach the client");
                    System.out.flush();
                    wfile.write("printed\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    wfile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Reads until the client half-closes, then answers how many bytes came. */
    public static class CountUntilEndOfStream extends StreamRequestHandler {
        /** Makes it. */
        public CountUntilEndOfStream() {}

        @Override
        public void handle() throws Exception {
            long n = rfile.transferTo(java.io.OutputStream.nullOutputStream());
            wfile.write(("got " + n + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Half-closes first: says {@code ready} and shuts its output, then reads until the client
     * ends; exits 0 if exactly 5 bytes came, else 4.
     */
    public static class HalfCloseFirst extends StreamRequestHandler {
        /** Makes it. */
        public HalfCloseFirst() {}

        @Override
        public void handle() throws Exception {
            wfile.write("ready\n".getBytes(StandardCharsets.UTF_8));
            request.shutdownOutput();
            long n = rfile.transferTo(java.io.OutputStream.nullOutputStream());
            if (n != 5) {
                System.exit(4);
            }
        }
    }

    /** The system property naming the 127.0.0.1 port of a test's {@link Gate}. */
    public static final String GATE_PORT = "socketserver4j.test.gate";

    /** Tells the test's gate {@code line} on a connection of its own; returns the connection. */
    static java.net.Socket tellGate(String line) throws java.io.IOException {
        java.net.Socket gate = new java.net.Socket("127.0.0.1", Integer.getInteger(GATE_PORT));
        gate.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        gate.getOutputStream().flush();
        return gate;
    }

    /**
     * Echoes lines, but its class cannot be initialised (so its child cannot be ready) until
     * the test's gate answers: its static initialiser says {@code starting} to the gate and
     * waits for one byte back.
     */
    public static class SlowStart extends StreamRequestHandler {
        static {
            try {
                java.net.Socket gate = tellGate("starting");
                if (gate.getInputStream().read() < 0) {
                    throw new IllegalStateException("the gate closed");
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Makes it. */
        public SlowStart() {}

        @Override
        public void handle() throws Exception {
            String line;
            while ((line = rfile.readLine()) != null) {
                wfile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Echoes lines and reports to the test's gate: {@code loaded} when its class is
     * initialised, {@code served LINE} for the first line of each connection it serves.
     */
    public static class PreloadProbe extends StreamRequestHandler {
        static {
            try {
                tellGate("loaded").close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Makes it. */
        public PreloadProbe() {}

        @Override
        public void handle() throws Exception {
            String line = rfile.readLine();
            if (line == null) {
                return;
            }
            tellGate("served " + line).close();
            do {
                wfile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } while ((line = rfile.readLine()) != null);
        }
    }
}
