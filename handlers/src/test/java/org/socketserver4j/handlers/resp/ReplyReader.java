package org.socketserver4j.handlers.resp;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader of RESP2 replies, for checking what a server wrote: simple strings as
 * {@link Simple}, errors as {@link Error}, integers as {@link Long}, bulk strings as
 * {@code byte[]} (null for nil), arrays as {@link List} (null for the null array).
 */
final class ReplyReader {

    /** A simple string reply. */
    record Simple(String text) {}

    /** An error reply. */
    record Error(String message) {}

    private final byte[] input;
    private int position;

    private ReplyReader(byte[] input) {
        this.input = input;
    }

    /**
     * Every reply in {@code bytes}, which must hold whole replies only.
     *
     * @throws IllegalArgumentException if the bytes are not well-formed RESP2 replies
     */
    static List<Object> readAll(byte[] bytes) {
        ReplyReader reader = new ReplyReader(bytes);
        List<Object> replies = new ArrayList<>();
        while (reader.position < bytes.length) {
            replies.add(reader.reply());
        }
        return replies;
    }

    private Object reply() {
        byte type = next();
        String line = line();
        return switch (type) {
            case '+' -> new Simple(line);
            case '-' -> new Error(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length == -1) {
                    yield null;
                }
                require(length >= 0 && position + length + 2 <= input.length, "bulk of " + length);
                byte[] bulk = java.util.Arrays.copyOfRange(input, position, position + length);
                position += length;
                require(next() == '\r' && next() == '\n', "CRLF after bulk");
                yield bulk;
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count == -1) {
                    yield null;
                }
                require(count >= 0, "array count " + count);
                List<Object> elements = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    elements.add(reply());
                }
                yield elements;
            }
            default -> throw new IllegalArgumentException("bad reply type byte " + type + " at " + (position - 1));
        };
    }

    private String line() {
        int start = position;
        while (position + 1 < input.length && !(input[position] == '\r' && input[position + 1] == '\n')) {
            require(input[position] != '\n' && input[position] != '\r', "bare CR or LF in a line");
            position++;
        }
        require(position + 1 < input.length, "unterminated line");
        String line = Resp.text(java.util.Arrays.copyOfRange(input, start, position));
        position += 2;
        return line;
    }

    private byte next() {
        require(position < input.length, "truncated reply");
        return input[position++];
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("malformed reply: " + what);
        }
    }
}
