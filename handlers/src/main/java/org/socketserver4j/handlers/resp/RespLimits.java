package org.socketserver4j.handlers.resp;

/**
 * The limits a {@link RespParser} enforces on what one client may send, so that a connection
 * holds a bounded amount of memory whatever arrives. Going over any of them is a protocol
 * error: the client gets {@code -ERR Protocol error: ...} and is disconnected, as with Redis.
 *
 * @param maxBulkLength the longest bulk string (one argument), in bytes; Redis's
 *     {@code proto-max-bulk-len}
 * @param maxArguments the most arguments of one command (a multibulk count), name included
 * @param maxInlineLength the longest inline command line, in bytes (Redis: 64 KiB)
 * @param maxCommandBytes the most protocol bytes one command may take, headers included;
 *     Redis's {@code client-query-buffer-limit}. It bounds what a connection buffers: a
 *     parser never holds more than this plus a short header line and the chunk being fed
 */
public record RespLimits(int maxBulkLength, int maxArguments, int maxInlineLength, long maxCommandBytes) {

    /** Default longest bulk string: 8 MiB (Redis allows 512 MB; values here live on the heap). */
    public static final int DEFAULT_MAX_BULK_LENGTH = 8 * 1024 * 1024;

    /** Default most arguments of one command: 1 048 576. */
    public static final int DEFAULT_MAX_ARGUMENTS = 1024 * 1024;

    /** Default longest inline command: 64 KiB, Redis's {@code PROTO_INLINE_MAX_SIZE}. */
    public static final int DEFAULT_MAX_INLINE_LENGTH = 64 * 1024;

    /** Default most bytes of one command: 64 MiB (Redis's query buffer limit is 1 GB). */
    public static final long DEFAULT_MAX_COMMAND_BYTES = 64L * 1024 * 1024;

    private static final RespLimits DEFAULTS = new RespLimits(DEFAULT_MAX_BULK_LENGTH,
            DEFAULT_MAX_ARGUMENTS, DEFAULT_MAX_INLINE_LENGTH, DEFAULT_MAX_COMMAND_BYTES);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if a limit is not positive, or a bulk string or an
     *     inline line could be longer than a whole command
     */
    public RespLimits {
        requirePositive("maxBulkLength", maxBulkLength);
        requirePositive("maxArguments", maxArguments);
        requirePositive("maxInlineLength", maxInlineLength);
        requirePositive("maxCommandBytes", maxCommandBytes);
        if (maxBulkLength > maxCommandBytes || maxInlineLength > maxCommandBytes) {
            throw new IllegalArgumentException("maxBulkLength (" + maxBulkLength
                    + ") and maxInlineLength (" + maxInlineLength
                    + ") must not exceed maxCommandBytes (" + maxCommandBytes + ")");
        }
    }

    /**
     * The defaults: bulk strings up to {@value #DEFAULT_MAX_BULK_LENGTH} bytes,
     * {@value #DEFAULT_MAX_ARGUMENTS} arguments, inline lines up to
     * {@value #DEFAULT_MAX_INLINE_LENGTH} bytes and commands up to
     * {@value #DEFAULT_MAX_COMMAND_BYTES} bytes.
     */
    public static RespLimits defaults() {
        return DEFAULTS;
    }

    /** These limits with another longest bulk string (and commands at least that long). */
    public RespLimits withMaxBulkLength(int bytes) {
        return new RespLimits(bytes, maxArguments, maxInlineLength, Math.max(maxCommandBytes, bytes));
    }

    /** These limits with another most arguments per command. */
    public RespLimits withMaxArguments(int count) {
        return new RespLimits(maxBulkLength, count, maxInlineLength, maxCommandBytes);
    }

    /** These limits with another longest inline line (and commands at least that long). */
    public RespLimits withMaxInlineLength(int bytes) {
        return new RespLimits(maxBulkLength, maxArguments, bytes, Math.max(maxCommandBytes, bytes));
    }

    /** These limits with another most bytes per command (bulk and inline limits capped to it). */
    public RespLimits withMaxCommandBytes(long bytes) {
        int cap = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes));
        return new RespLimits(Math.min(maxBulkLength, cap), maxArguments,
                Math.min(maxInlineLength, cap), bytes);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
