package org.socketserver4j.handlers.resp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An incremental parser of RESP2 requests, as a Redis server reads them: arrays of bulk
 * strings ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands ({@code GET k\r\n},
 * with Redis's quoting rules). Feed it bytes as they arrive, split anywhere; then call
 * {@link #next()} until it answers {@link ParseResult#NEED_MORE}, taking each complete command
 * in order. One parser serves one connection, from one thread at a time.
 *
 * <p>It never throws on input and never buffers without bound: bulk strings longer than
 * {@link RespLimits#maxBulkLength()}, more than {@link RespLimits#maxArguments()} arguments,
 * inline lines longer than {@link RespLimits#maxInlineLength()} or commands larger than
 * {@link RespLimits#maxCommandBytes()} are {@linkplain ParseResult.ProtocolError protocol
 * errors}, found as soon as the offending header arrives, before its bytes do. After
 * {@code next()} answers {@code NEED_MORE}, {@link #bufferedBytes()} is at most
 * {@link #maxBufferedBytes()}; feeding adds the chunk on top until it is parsed.
 *
 * <p>As in Redis, a request not starting with {@code *} is an inline command, an empty line
 * or an array of zero or fewer elements is skipped, and after a protocol error the stream
 * cannot be resynchronised: the parser keeps answering the same error and drops what it is
 * fed. Stricter than Redis, a bulk string must be followed by exactly {@code \r\n}, the
 * {@code \r} ending a header by {@code \n}, and a header cannot be longer than a number
 * needs (so a client cannot make the parser wait on a header line that grows for ever).
 */
public final class RespParser {

    /** The longest array or bulk header, type byte and CRLF excluded: a sign and 19 digits. */
    private static final int MAX_HEADER_DIGITS = 20;
    private static final int INITIAL_CAPACITY = 4096;
    private static final int SHRINK_ABOVE = 128 * 1024;
    /** A bulk string is filled in steps of at most this, so a lying header costs little. */
    private static final int BULK_STEP = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final RespLimits limits;

    /** Unparsed bytes: [start, end) of buffer. */
    private byte[] buffer = EMPTY;
    private int start;
    private int end;

    /** Arguments still expected by the array being read, or 0 between commands. */
    private int pendingArguments;
    private List<byte[]> arguments;
    /** Protocol bytes of the command being read, counted against maxCommandBytes. */
    private long commandBytes;
    /** Bytes of the arguments read so far of the command being read. */
    private long argumentBytes;
    /** The bulk string being filled, or null while a bulk header is expected. */
    private byte[] bulk;
    private int bulkLength;
    private int bulkFilled;

    /** Bytes from start already searched for the end of an inline line, in vain. */
    private int inlineScanned;

    private ParseResult.ProtocolError failure;

    /** A parser with {@link RespLimits#defaults()}. */
    public RespParser() {
        this(RespLimits.defaults());
    }

    /** A parser enforcing {@code limits}. */
    public RespParser(RespLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits this parser enforces. */
    public RespLimits limits() {
        return limits;
    }

    /**
     * Appends the remaining bytes of {@code data} (consuming them: its position moves to its
     * limit). After a protocol error the bytes are dropped.
     */
    public void feed(ByteBuffer data) {
        int n = data.remaining();
        if (failure != null || n == 0) {
            data.position(data.limit());
            return;
        }
        makeRoom(n);
        data.get(buffer, end, n);
        end += n;
    }

    /** Appends {@code length} bytes of {@code data} from {@code offset}. */
    public void feed(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (failure != null || length == 0) {
            return;
        }
        makeRoom(length);
        System.arraycopy(data, offset, buffer, end, length);
        end += length;
    }

    /** Appends all of {@code data}. */
    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /**
     * The next complete command, {@link ParseResult#NEED_MORE} if the bytes fed so far hold
     * none, or the protocol error the input made (then for ever). Never throws.
     */
    public ParseResult next() {
        if (failure != null) {
            return failure;
        }
        ParseResult result;
        do {
            result = step();
        } while (result == null);
        if (result == ParseResult.NEED_MORE) {
            releaseIfIdle();
        } else if (result instanceof ParseResult.ProtocolError error) {
            fail(error);
        }
        return result;
    }

    /** Whether the input broke the protocol: {@link #next()} answers only that error now. */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Bytes this parser holds: fed and not yet parsed, plus the arguments of the command being
     * read (the bulk string being filled counts at its allocated size).
     */
    public long bufferedBytes() {
        return (long) (end - start) + argumentBytes + (bulk == null ? 0 : bulk.length);
    }

    /**
     * The most {@link #bufferedBytes()} can be after {@link #next()} answers
     * {@link ParseResult#NEED_MORE}: a whole command short of its last bytes, and a bulk
     * header being read.
     */
    public long maxBufferedBytes() {
        return limits.maxCommandBytes() + MAX_HEADER_DIGITS + 3;
    }

    /** One parsing step: a result, or null when progress was made and parsing goes on. */
    private ParseResult step() {
        if (pendingArguments > 0) {
            return bulk == null ? bulkHeader() : bulkBody();
        }
        if (start == end) {
            return ParseResult.NEED_MORE;
        }
        return buffer[start] == '*' ? arrayHeader() : inline();
    }

    private ParseResult arrayHeader() {
        int cr = findHeaderEnd();
        if (cr == -1) {
            return ParseResult.NEED_MORE;
        }
        if (cr == -2) {
            return error("invalid multibulk length");
        }
        if (cr == -3) {
            return error("expected '\\n' after '\\r' in multibulk length");
        }
        long count;
        try {
            count = RespNumbers.parseLong(buffer, start + 1, cr);
        } catch (NumberFormatException e) {
            return error("invalid multibulk length");
        }
        if (count > limits.maxArguments()) {
            return error("invalid multibulk length");
        }
        commandBytes = cr + 2 - start;
        start = cr + 2;
        if (count <= 0) {
            commandBytes = 0;
            return null; // an empty command: nothing to run, as in Redis
        }
        pendingArguments = (int) count;
        arguments = new ArrayList<>((int) Math.min(count, 1024));
        argumentBytes = 0;
        return null;
    }

    private ParseResult bulkHeader() {
        if (start == end) {
            return ParseResult.NEED_MORE;
        }
        if (buffer[start] != '$') {
            return error("expected '$', got '" + printable(buffer[start]) + "'");
        }
        int cr = findHeaderEnd();
        if (cr == -1) {
            return ParseResult.NEED_MORE;
        }
        if (cr == -2) {
            return error("invalid bulk length");
        }
        if (cr == -3) {
            return error("expected '\\n' after '\\r' in bulk length");
        }
        long length;
        try {
            length = RespNumbers.parseLong(buffer, start + 1, cr);
        } catch (NumberFormatException e) {
            return error("invalid bulk length");
        }
        if (length < 0 || length > limits.maxBulkLength()) {
            return error("invalid bulk length");
        }
        int headerLength = cr + 2 - start;
        if (commandBytes + headerLength + length + 2 > limits.maxCommandBytes()) {
            return error("command larger than " + limits.maxCommandBytes() + " bytes");
        }
        commandBytes += headerLength + length + 2;
        start = cr + 2;
        bulkLength = (int) length;
        bulkFilled = 0;
        bulk = length == 0 ? EMPTY : new byte[Math.min(bulkLength, BULK_STEP)];
        return null;
    }

    private ParseResult bulkBody() {
        int available = end - start;
        int wanted = bulkLength - bulkFilled;
        if (wanted > 0) {
            if (available == 0) {
                return ParseResult.NEED_MORE;
            }
            int n = Math.min(available, wanted);
            if (bulkFilled + n > bulk.length) {
                long grown = Math.max((long) bulk.length * 2, (long) bulkFilled + n);
                bulk = java.util.Arrays.copyOf(bulk, (int) Math.min(grown, bulkLength));
            }
            System.arraycopy(buffer, start, bulk, bulkFilled, n);
            bulkFilled += n;
            start += n;
            available -= n;
            if (bulkFilled < bulkLength) {
                return ParseResult.NEED_MORE;
            }
        }
        if (available == 0) {
            return ParseResult.NEED_MORE;
        }
        if (buffer[start] != '\r') {
            return error("expected '\\r\\n' after a bulk string of " + bulkLength + " bytes");
        }
        if (available == 1) {
            return ParseResult.NEED_MORE;
        }
        if (buffer[start + 1] != '\n') {
            return error("expected '\\r\\n' after a bulk string of " + bulkLength + " bytes");
        }
        start += 2;
        arguments.add(bulk);
        argumentBytes += bulkLength;
        bulk = null;
        if (--pendingArguments > 0) {
            return null;
        }
        List<byte[]> command = arguments;
        arguments = null;
        argumentBytes = 0;
        commandBytes = 0;
        return new ParseResult.Command(command);
    }

    /**
     * Finds the CR ending the header at {@code start} (type byte, digits, CRLF): its index,
     * -1 if more bytes are needed, -2 if the header is too long to be a number, -3 if the CR
     * is not followed by LF.
     */
    private int findHeaderEnd() {
        int limit = Math.min(end, start + 1 + MAX_HEADER_DIGITS + 1);
        for (int i = start + 1; i < limit; i++) {
            if (buffer[i] == '\r') {
                if (i + 1 == end) {
                    return -1;
                }
                return buffer[i + 1] == '\n' ? i : -3;
            }
        }
        return limit - start > MAX_HEADER_DIGITS + 1 ? -2 : -1;
    }

    private ParseResult inline() {
        int limit = (int) Math.min(end, (long) start + limits.maxInlineLength() + 2);
        int newline = -1;
        for (int i = start + inlineScanned; i < limit; i++) {
            if (buffer[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline == -1) {
            // a line trickling in byte by byte is searched once, not once per byte
            inlineScanned = limit - start;
            // too long already, unless all that is over the limit is the CR of the CRLF
            int pending = end - start;
            boolean tooLong = pending > limits.maxInlineLength()
                    && (pending > limits.maxInlineLength() + 1 || buffer[end - 1] != '\r');
            return tooLong ? error("too big inline request") : ParseResult.NEED_MORE;
        }
        inlineScanned = 0;
        int lineEnd = newline > start && buffer[newline - 1] == '\r' ? newline - 1 : newline;
        if (lineEnd - start > limits.maxInlineLength()) {
            return error("too big inline request");
        }
        List<byte[]> words = InlineSplitter.split(buffer, start, lineEnd);
        start = newline + 1;
        if (words == null) {
            return error("unbalanced quotes in request");
        }
        return words.isEmpty() ? null : new ParseResult.Command(words);
    }

    private static ParseResult error(String what) {
        return new ParseResult.ProtocolError("ERR Protocol error: " + what);
    }

    private void fail(ParseResult.ProtocolError error) {
        failure = error;
        buffer = EMPTY;
        start = 0;
        end = 0;
        arguments = null;
        argumentBytes = 0;
        bulk = null;
        pendingArguments = 0;
        inlineScanned = 0;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    /** Makes room for {@code n} more bytes at the end, compacting first. */
    private void makeRoom(int n) {
        int unread = end - start;
        if (buffer.length - end >= n) {
            return;
        }
        if (buffer.length - unread >= n && unread <= buffer.length / 2) {
            System.arraycopy(buffer, start, buffer, 0, unread);
        } else {
            long wanted = (long) unread + n;
            long capacity = Math.max(INITIAL_CAPACITY, Math.max(wanted, (long) buffer.length * 2));
            if (capacity > Integer.MAX_VALUE - 8) {
                capacity = wanted;
            }
            byte[] grown = new byte[(int) capacity];
            System.arraycopy(buffer, start, grown, 0, unread);
            buffer = grown;
        }
        start = 0;
        end = unread;
    }

    /** Between bursts, gives back a buffer a large burst made grow, and rewinds the rest. */
    private void releaseIfIdle() {
        if (start == end) {
            start = 0;
            end = 0;
            if (buffer.length > SHRINK_ABOVE) {
                buffer = EMPTY;
            }
        }
    }
}
