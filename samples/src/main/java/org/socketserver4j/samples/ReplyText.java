package org.socketserver4j.samples;

import java.nio.ByteBuffer;

/**
 * The bytes of a reply as a load generator's failure message shows them, and the comparison of
 * a reply with the bytes expected, as far as they came.
 */
final class ReplyText {

    /** The most characters of a reply a message shows. */
    static final int SHOWN = 80;

    private ReplyText() {}

    /**
     * Whether the bytes of {@code in} from {@code from} to its limit agree with the start of
     * {@code expected} (all of it if that many came).
     */
    static boolean startsAs(ByteBuffer in, int from, byte[] expected) {
        int n = Math.min(in.limit() - from, expected.length);
        for (int i = 0; i < n; i++) {
            if (in.get(from + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes of {@code in} from {@code from}, up to its first line's end ({@code \r\n}) or
     * {@value #SHOWN} characters, quoted, CR, LF and other non-printable bytes escaped, e.g.
     * {@code '-ERR unknown command\r\n'}; {@code ...} marks a cut.
     */
    static String shown(ByteBuffer in, int from) {
        return shown(in, from, 0);
    }

    /**
     * As {@link #shown(ByteBuffer, int)}, but up to the end of the first line that ends at least
     * {@code atLeast} bytes after {@code from}: the lines of a reply that spans several.
     */
    static String shown(ByteBuffer in, int from, int atLeast) {
        int end = Math.min(in.limit(), from + SHOWN);
        for (int i = from; i + 1 < end; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && i + 2 - from >= atLeast) {
                end = i + 2;
                break;
            }
        }
        StringBuilder text = new StringBuilder("'");
        for (int i = from; i < end; i++) {
            int b = in.get(i) & 0xff;
            switch (b) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\'' -> text.append("\\'");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        text.append((char) b);
                    } else {
                        text.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        return text.append(end < in.limit() && end == from + SHOWN ? "'..." : "'").toString();
    }

    /** All of {@code bytes} (up to {@value #SHOWN} characters) as {@link #shown(ByteBuffer, int)} shows them. */
    static String shown(byte[] bytes) {
        return shown(ByteBuffer.wrap(bytes), 0, bytes.length);
    }
}
