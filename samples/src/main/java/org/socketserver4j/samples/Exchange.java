package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * What one connection of {@link LoadGenerator} says and expects: the bytes of its next request
 * (one request, or several pipelined at once) and how the bytes coming back are read into
 * complete, checked responses. One instance per connection, used by one thread.
 */
interface Exchange {

    /**
     * The next request, or batch of pipelined requests, to write: position 0, limit its end. The
     * buffer may be reused by the next call; it is written out before that call.
     */
    ByteBuffer request();

    /** How many responses the last {@link #request()} asks for (pipelined: more than one). */
    int responses();

    /**
     * Reads at most {@code wanted} complete responses from {@code in} (between its position and
     * limit), checking each, and moves its position past them; a response not yet complete is
     * left for the next call.
     *
     * @return how many complete responses were read
     * @throws IOException if a response is not the one expected, naming what was expected and
     *     what came
     */
    int read(ByteBuffer in, int wanted) throws IOException;

    /**
     * The most bytes of responses a connection keeps unread: a response longer than this fails
     * the load.
     */
    int maxResponseBytes();

    /** What was received of a response when the server ended the connection, e.g. {@code 3 bytes}. */
    default String received(int bytes) {
        return bytes + " bytes";
    }

    /** Makes each connection's exchange. */
    @FunctionalInterface
    interface Factory {

        /**
         * The exchange of connection {@code index} (0, 1, ...), whose random bytes, if any, come
         * from {@code random}.
         */
        Exchange create(int index, SplittableRandom random);
    }
}
