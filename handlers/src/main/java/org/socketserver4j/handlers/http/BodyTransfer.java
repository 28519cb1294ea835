package org.socketserver4j.handlers.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A response body being sent piece by piece as the connection can take it: slices of an array
 * (no copy), or chunks read from a file into a direct buffer.
 */
final class BodyTransfer {

    /** The largest piece handed to the connection at once. */
    static final int PIECE = 64 * 1024;

    private final FileChannel file;
    private final ByteBuffer bytes;
    private final boolean closeAfter;
    private long position;
    private long remaining;

    private BodyTransfer(FileChannel file, ByteBuffer bytes, long length, boolean closeAfter) {
        this.file = file;
        this.bytes = bytes;
        this.remaining = length;
        this.closeAfter = closeAfter;
    }

    /** The first {@code length} bytes of {@code file}, read from position 0. */
    static BodyTransfer ofFile(FileChannel file, long length, boolean closeAfter) {
        return new BodyTransfer(file, null, length, closeAfter);
    }

    /** The whole of {@code body}. */
    static BodyTransfer ofBytes(byte[] body, boolean closeAfter) {
        return new BodyTransfer(null, ByteBuffer.wrap(body), body.length, closeAfter);
    }

    /** Whether bytes are still to be sent. */
    boolean hasRemaining() {
        return remaining > 0;
    }

    /** Whether the connection closes once this body is sent. */
    boolean closeAfter() {
        return closeAfter;
    }

    /**
     * The next piece, at most {@link #PIECE} bytes: a slice of the array, or {@code scratch}
     * filled from the file (valid until the next call).
     *
     * @return the piece, or {@code null} if the file ended before its announced length
     * @throws IOException if the file cannot be read
     */
    ByteBuffer next(ByteBuffer scratch) throws IOException {
        int n = (int) Math.min(remaining, PIECE);
        if (bytes != null) {
            ByteBuffer piece = bytes.slice((int) position, n);
            position += n;
            remaining -= n;
            return piece;
        }
        scratch.clear().limit(Math.min(n, scratch.capacity()));
        int read = file.read(scratch, position);
        if (read <= 0) {
            return null;
        }
        position += read;
        remaining -= read;
        return scratch.flip();
    }

    /** Releases the file, if any. */
    void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
