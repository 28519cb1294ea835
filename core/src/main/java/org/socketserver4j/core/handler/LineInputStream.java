package org.socketserver4j.core.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffered input stream that can also read lines, like Python's {@code rfile.readline()}.
 * Lines end with {@code \n}; a {@code \r} before it is part of the terminator.
 *
 * <p>The buffer is sized by use: it starts at {@value #INITIAL_BUFFER} bytes (or the given size,
 * if smaller), doubles up to the given size while reads fill it, and shrinks when it is empty
 * after reads that used little of it, down to what those reads needed (the start size for
 * short requests). A connection whose handler waits for a
 * request holds a small buffer, not a full one.
 */
public class LineInputStream extends InputStream {

    /** The default longest line, 64 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
    /** The buffer's start size. */
    static final int INITIAL_BUFFER = 512;
    private static final int SMALL_FILLS_BEFORE_SHRINK = 4;

    private final InputStream in;
    private final int maxBuffer;
    private final int minBuffer;
    private final int maxLineLength;
    /**
     * Made by the first read that needs it: {@link #read1} over a {@link ChunkSource} never
     * does, so a reactor server's idle blocking handler holds no buffer at all.
     */
    private byte[] buf;
    private int pos;
    private int count;
    private int smallFills;
    /** The largest of the small fills counted since the buffer last changed size. */
    private int largestSmallFill;
    private boolean closed;

    /** Wraps {@code in} with a buffer of at most {@code bufferSize} bytes and a line limit. */
    public LineInputStream(InputStream in, int bufferSize, int maxLineLength) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLineLength <= 0) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        this.maxBuffer = Math.max(1, bufferSize);
        this.minBuffer = Math.min(INITIAL_BUFFER, maxBuffer);
        this.maxLineLength = maxLineLength;
    }

    /** The buffer's size now; before it is made, the size it starts with. */
    synchronized int bufferSize() {
        return buf == null ? minBuffer : buf.length;
    }

    /** Whether the buffer has been made. */
    synchronized boolean holdsBuffer() {
        return buf != null;
    }

    /** Refills the empty buffer with one read; returns false at end of stream. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        pos = 0;
        count = 0;
        if (buf == null) {
            buf = new byte[minBuffer];
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        count = n;
        if (n == buf.length && buf.length < maxBuffer) {
            buf = Arrays.copyOf(buf, Math.min(maxBuffer, buf.length * 2));
            smallFills = 0;
            largestSmallFill = 0;
        } else if (n <= buf.length / 4 && buf.length > minBuffer) {
            smallFills++;
            largestSmallFill = Math.max(largestSmallFill, n);
        }
        return true;
    }

    /**
     * {@link #fill()} within a line: if the read fails (a read timeout, say), the part of the
     * line read so far goes back into the buffer, so the next read or {@link #readLine()}
     * starts from it and a timed-out line loses nothing.
     */
    private boolean fillKeeping(ByteArrayOutputStream partLine) throws IOException {
        try {
            return fill();
        } catch (IOException e) {
            if (partLine != null && partLine.size() > 0) {
                byte[] part = partLine.toByteArray();
                if (buf.length < part.length) {
                    buf = new byte[part.length];
                }
                System.arraycopy(part, 0, buf, 0, part.length);
                pos = 0;
                count = part.length;
            }
            throw e;
        }
    }

    /**
     * The buffer was emptied: after a run of small fills, give the large buffer back, down to
     * two to four times the largest of those fills (at least the start size), so a peer that
     * sends messages of one size keeps a buffer that holds one whole, rather than the buffer
     * shrinking and growing again around each.
     */
    private void emptied() {
        if (smallFills >= SMALL_FILLS_BEFORE_SHRINK) {
            int size = Math.max(minBuffer, Integer.highestOneBit(Math.max(1, largestSmallFill)) * 4);
            if (size < buf.length) {
                buf = new byte[size];
            }
            smallFills = 0;
            largestSmallFill = 0;
            pos = 0;
            count = 0;
        }
    }

    @Override
    public synchronized int read() throws IOException {
        if (pos >= count && !fill()) {
            return -1;
        }
        int b = buf[pos++] & 0xff;
        if (pos == count) {
            emptied();
        }
        return b;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos >= count) {
            if (len >= maxBuffer) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                return in.read(b, off, len);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, count - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        if (pos == count) {
            emptied();
        }
        return n;
    }

    /**
     * Python's {@code read1}: up to {@code max} bytes with at most one read of the underlying
     * stream, waiting only when nothing is buffered; an empty array at end of stream. The
     * bytes are a new array, so a handler that echoes or forwards holds no buffer of its own
     * while it waits for the next request. From a {@link ChunkSource} (a reactor server's
     * connection) the bytes of one read are handed over without a copy.
     */
    public synchronized byte[] read1(int max) throws IOException {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        if (pos >= count && in instanceof ChunkSource chunks) {
            if (closed) {
                throw new IOException("stream closed");
            }
            return chunks.readChunk(max);
        }
        if (pos >= count && !fill()) {
            return new byte[0];
        }
        int n = Math.min(max, count - pos);
        byte[] chunk = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        if (pos == count) {
            emptied();
        }
        return chunk;
    }

    @Override
    public synchronized int available() throws IOException {
        return (count - pos) + (closed ? 0 : in.available());
    }

    @Override
    public synchronized long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        int buffered = count - pos;
        if (buffered > 0) {
            int skipped = (int) Math.min(buffered, n);
            pos += skipped;
            return skipped;
        }
        return in.skip(n);
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        in.close();
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
            if (pos >= count && !fillKeeping(line)) {
                break;
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
                byte[] whole = Arrays.copyOfRange(buf, pos, pos + take);
                pos += take;
                if (pos == count) {
                    emptied();
                }
                return whole;
            }
            if (line == null) {
                line = new ByteArrayOutputStream(Math.max(128, take * 2));
            }
            line.write(buf, pos, take);
            pos += take;
            if (terminated) {
                if (pos == count) {
                    emptied();
                }
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
