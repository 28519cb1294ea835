package org.socketserver4j.handlers.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments as Redis's {@code sdssplitargs} does: words
 * separated by spaces; {@code "double quotes"} with the escapes {@code \n \r \t \b \a \\ \"}
 * and {@code \xHH}; {@code 'single quotes'} with {@code \'}. A closing quote must be followed
 * by a space or the end of the line.
 */
final class InlineSplitter {

    private InlineSplitter() {}

    /** The words of {@code line[from, to)}, or null if a quote is unbalanced. */
    static List<byte[]> split(byte[] line, int from, int to) {
        List<byte[]> words = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        int p = from;
        while (true) {
            while (p < to && isSpace(line[p])) {
                p++;
            }
            if (p == to) {
                return words;
            }
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            word.reset();
            while (!done) {
                if (inDouble) {
                    if (p == to) {
                        return null;
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 3 < to && line[p + 1] == 'x'
                            && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        word.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < to) {
                        p++;
                        word.write(unescape(line[p]));
                    } else if (c == '"') {
                        if (p + 1 < to && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        word.write(c);
                    }
                } else if (inSingle) {
                    if (p == to) {
                        return null;
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 1 < to && line[p + 1] == '\'') {
                        p++;
                        word.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < to && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        word.write(c);
                    }
                } else {
                    if (p == to) {
                        break;
                    }
                    byte c = line[p];
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> word.write(c);
                    }
                }
                if (p < to) {
                    p++;
                }
            }
            words.add(word.toByteArray());
        }
    }

    private static int unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }

    /** C's {@code isspace}: space, \t, \n, \v, \f, \r. */
    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
