package org.socketserver4j.core.handler;

import java.io.IOException;

/**
 * An input stream that already holds what arrived as separate arrays and can hand one over
 * without copying it: {@link LineInputStream#read1} takes it that way when its own buffer is
 * empty. A reactor server's {@link Request#inputStream()} is one.
 */
public interface ChunkSource {

    /**
     * Waits, as {@code read} does, for bytes and returns the next of them, at most {@code max}:
     * the array the bytes arrived in when it fits whole, else a copy of its first part. An
     * empty array at end of stream.
     */
    byte[] readChunk(int max) throws IOException;
}
