package org.socketserver4j.handlers.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.socketserver4j.core.handler.Connection;

/**
 * Response bytes gathered during one pass over the input and handed to the connection in one
 * write, so pipelined requests get their responses in one system call rather than one each.
 */
final class OutputBatch {

    private static final int INITIAL = 512;
    /** Arrays up to this size are kept after a flush. */
    private static final int RETAIN = 4 * 1024;

    private byte[] buffer = new byte[0];
    private int size;

    /** Bytes gathered and not yet flushed. */
    int size() {
        return size;
    }

    /** Appends {@code text}, whose characters are all below U+0100 (checked by the callers). */
    OutputBatch latin1(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Appends the decimal digits of {@code value} (not negative). */
    OutputBatch digits(long value) {
        return latin1(Long.toString(value));
    }

    /** Appends CR LF. */
    OutputBatch crlf() {
        ensure(2);
        buffer[size++] = '\r';
        buffer[size++] = '\n';
        return this;
    }

    /** Appends {@code bytes}. */
    OutputBatch bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Writes what is gathered to {@code connection} (which never blocks) and empties the batch. */
    void flushTo(Connection connection) {
        if (size == 0) {
            return;
        }
        ByteBuffer gathered = ByteBuffer.wrap(buffer, 0, size);
        size = 0;
        connection.write(gathered);
        if (buffer.length > RETAIN) {
            buffer = new byte[0];
        }
    }

    /** Drops what is gathered. */
    void clear() {
        size = 0;
        buffer = new byte[0];
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + more, Math.max(INITIAL, buffer.length * 2)));
        }
    }
}
