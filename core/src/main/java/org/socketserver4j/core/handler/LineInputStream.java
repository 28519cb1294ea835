package org.socketserver4j.core.handler;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered input stream that can also read lines, like Python's {@code rfile.readline()}.
 * Lines end with {@code \n}; a {@code \r} before it is part of the terminator.
 */
public class LineInputStream extends BufferedInputStream {

    /** The default longest line, 64 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

    private final int maxLineLength;

    /** Wraps {@code in} with a buffer of {@code bufferSize} bytes and a line limit. */
    public LineInputStream(InputStream in, int bufferSize, int maxLineLength) {
        super(in, Math.max(1, bufferSize));
        if (maxLineLength <= 0) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    /**
     * Reads one line and returns its bytes including the terminator, as Python does; an empty
     * array at end of stream. The last line may lack its terminator.
     *
     * @throws LineTooLongException if no terminator comes within the line limit
     */
    public synchronized byte[] readLineBytes() throws IOException {
        ByteArrayOutputStream line = null;
        while (true) {
            if (pos >= count) {
                if (read() < 0) {
                    break;
                }
                pos--; // read() refilled the buffer; give its byte back and scan from there
            }
            int end = pos;
            while (end < count && buf[end] != '\n') {
                end++;
            }
            boolean terminated = end < count;
            int take = (terminated ? end + 1 : count) - pos;
            int have = line == null ? 0 : line.size();
            if (have + take > maxLineLength) {
                throw new LineTooLongException(maxLineLength);
            }
            if (terminated && line == null) {
                byte[] whole = java.util.Arrays.copyOfRange(buf, pos, pos + take);
                pos += take;
                return whole;
            }
            if (line == null) {
                line = new ByteArrayOutputStream(Math.max(128, take * 2));
            }
            line.write(buf, pos, take);
            pos += take;
            if (terminated) {
                break;
            }
        }
        return line == null ? new byte[0] : line.toByteArray();
    }

    /**
     * Reads one line as UTF-8 text without its terminator ({@code \n} or {@code \r\n}), or
     * {@code null} at end of stream, like {@link java.io.BufferedReader#readLine()}.
     *
     * @throws LineTooLongException if no terminator comes within the line limit
     */
    public String readLine() throws IOException {
        byte[] line = readLineBytes();
        if (line.length == 0) {
            return null;
        }
        int end = line.length;
        if (line[end - 1] == '\n') {
            end--;
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }

    /** Thrown when a line exceeds the limit; the rest of the stream is left unread. */
    public static final class LineTooLongException extends IOException {
        /** Makes the exception for a limit of {@code limit} bytes. */
        public LineTooLongException(int limit) {
            super("line longer than " + limit + " bytes");
        }
    }
}
