package org.socketserver4j.handlers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines ({@code \n}, with an optional {@code \r} before it) as
 * bytes arrive, holding at most {@code maxLineLength} bytes of an unfinished line. Lines are
 * decoded as UTF-8 without their terminator.
 */
public final class LineFramer {

    private final int maxLineLength;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** A framer refusing lines longer than {@code maxLineLength} bytes (terminator included). */
    public LineFramer(int maxLineLength) {
        if (maxLineLength < 2) {
            throw new IllegalArgumentException("maxLineLength must be >= 2: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    /** The longest line accepted, in bytes. */
    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * Consumes {@code data}, handing each complete line to {@code onLine}.
     *
     * @return false if a line went over the limit: framing stops there and the rest of the
     *     stream should be abandoned (reply with an error and close)
     */
    public boolean feed(ByteBuffer data, Consumer<String> onLine) {
        while (data.hasRemaining()) {
            int start = data.position();
            int end = start;
            int limit = data.limit();
            while (end < limit && data.get(end) != '\n') {
                end++;
            }
            boolean terminated = end < limit;
            int take = (terminated ? end + 1 : limit) - start;
            if (partial.size() + take > maxLineLength) {
                data.position(limit);
                partial.reset();
                return false;
            }
            byte[] chunk = new byte[take];
            data.get(chunk);
            partial.write(chunk, 0, take);
            if (terminated) {
                onLine.accept(decode(partial.toByteArray()));
                partial.reset();
            }
        }
        return true;
    }

    /** Bytes of an unfinished line held now. */
    public int buffered() {
        return partial.size();
    }

    private static String decode(byte[] line) {
        int end = line.length - 1;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }
}
