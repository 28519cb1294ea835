package org.socketserver4j.handlers.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.socketserver4j.core.handler.Connection;

/**
 * Encodes RESP2 replies into a growing buffer, so that the replies to a whole pipelined chunk
 * go out in one {@link Connection#write}. Simple strings and errors are written as
 * ISO-8859-1, one byte per char, with CR and LF replaced by spaces (as Redis does), so a reply
 * can never break the framing. Not thread-safe: one per connection.
 */
public final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_CAPACITY = 1024;
    private static final int KEEP_AT_MOST = 256 * 1024;

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int size;

    /** An empty writer. */
    public RespWriter() {}

    /** Appends a simple string: {@code +text\r\n}. */
    public RespWriter simpleString(String text) {
        return line('+', text);
    }

    /**
     * Appends an error: {@code -message\r\n}. The message starts with its code, for example
     * {@code "ERR syntax error"}.
     */
    public RespWriter error(String message) {
        return line('-', message);
    }

    /** Appends an integer: {@code :n\r\n}. */
    public RespWriter integer(long n) {
        ensure(1 + 20 + 2);
        buffer[size++] = ':';
        appendDecimal(n);
        return append(CRLF);
    }

    /** Appends a bulk string: {@code $len\r\nbytes\r\n}; {@code null} is the null bulk string. */
    public RespWriter bulkString(byte[] bytes) {
        if (bytes == null) {
            return nullBulkString();
        }
        ensure(1 + 20 + 2 + bytes.length + 2);
        buffer[size++] = '$';
        appendDecimal(bytes.length);
        append(CRLF);
        append(bytes);
        return append(CRLF);
    }

    /** Appends a bulk string of the UTF-8 bytes of {@code text}. */
    public RespWriter bulkString(String text) {
        return bulkString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the null bulk string {@code $-1\r\n} (Redis's nil). */
    public RespWriter nullBulkString() {
        return append(NULL_BULK);
    }

    /** Appends the header of an array of {@code count} elements; the elements follow. */
    public RespWriter arrayHeader(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("array count must not be negative: " + count);
        }
        ensure(1 + 11 + 2);
        buffer[size++] = '*';
        appendDecimal(count);
        return append(CRLF);
    }

    /** Appends the null array {@code *-1\r\n}. */
    public RespWriter nullArray() {
        return append(NULL_ARRAY);
    }

    /** Bytes encoded and not yet written. */
    public int size() {
        return size;
    }

    /** Whether nothing is waiting to be written. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** A copy of the bytes encoded so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Forgets what was encoded. */
    public void clear() {
        size = 0;
        if (buffer.length > KEEP_AT_MOST) {
            buffer = new byte[INITIAL_CAPACITY];
        }
    }

    /**
     * Writes what was encoded to {@code connection} in one write, then clears. Does nothing
     * when empty.
     */
    public void writeTo(Connection connection) {
        if (size == 0) {
            return;
        }
        connection.write(ByteBuffer.wrap(buffer, 0, size));
        clear();
    }

    private RespWriter line(char type, String text) {
        Objects.requireNonNull(text, "text");
        int length = text.length();
        ensure(1 + length + 2);
        buffer[size++] = (byte) type;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            buffer[size++] = c == '\r' || c == '\n' ? (byte) ' ' : c < 256 ? (byte) c : (byte) '?';
        }
        return append(CRLF);
    }

    private RespWriter append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private void appendDecimal(long n) {
        if (n == Long.MIN_VALUE) {
            append("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (n < 0) {
            buffer[size++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        size += digits;
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > buffer.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("reply larger than 2 GiB");
            }
            buffer = Arrays.copyOf(buffer, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L,
                    (long) buffer.length * 2)));
        }
    }
}
