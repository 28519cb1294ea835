package org.socketserver4j.core.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.StreamRequestHandler;

/**
 * The two families of a handler that answers a connection's first line with one line
 * describing the connection, then ends it; a public subclass with a no-argument constructor
 * says what it describes, so a forked child can make it.
 */
public final class DescribingHandlers {

    private DescribingHandlers() {}

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The blocking family: reads a line, answers, returns. */
    public abstract static class Blocking extends StreamRequestHandler {
        private final Function<Connection, String> describe;

        /** A handler answering {@code describe} of its request. */
        protected Blocking(Function<Connection, String> describe) {
            this.describe = describe;
        }

        @Override
        public void handle() throws Exception {
            rfile.readLine();
            wfile.write(line(describe.apply(request)));
        }
    }

    /** The event family: answers the first data, then closes. */
    public abstract static class Event implements EventHandler {
        private final Function<Connection, String> describe;

        /** A handler answering {@code describe} of its connection. */
        protected Event(Function<Connection, String> describe) {
            this.describe = describe;
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            data.position(data.limit());
            connection.write(line(describe.apply(connection)));
            connection.close();
        }
    }
}
