package org.socketserver4j.handlers.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A byte buffer that grows as bytes arrive, never past a hard limit, and gives back large
 * arrays when cleared so an idle keep-alive connection holds little memory.
 */
final class BoundedBuffer {

    private static final byte[] NONE = new byte[0];
    private static final int MIN_CAPACITY = 128;

    private final int limit;
    private final int retain;
    private byte[] array = NONE;
    private int size;

    /**
     * A buffer of at most {@code limit} bytes that keeps its array over {@link #clear()} only
     * while it is no larger than {@code retain} bytes.
     */
    BoundedBuffer(int limit, int retain) {
        this.limit = limit;
        this.retain = retain;
    }

    /**
     * Moves {@code n} bytes from {@code source} to the end, growing the array towards
     * {@code hint} (the size the content is expected to reach) but never past the limit.
     *
     * @throws IllegalStateException if the bytes would not fit within the limit: the caller
     *     checks first, so this is a bug
     */
    void append(ByteBuffer source, int n, long hint) {
        int needed = size + n;
        if (n < 0 || needed < 0 || needed > limit) {
            throw new IllegalStateException("buffer limit of " + limit + " bytes exceeded");
        }
        if (needed > array.length) {
            long target = Math.max(needed, Math.min(Math.max(MIN_CAPACITY, 2L * array.length), hint));
            array = Arrays.copyOf(array, (int) Math.min(limit, target));
        }
        source.get(array, size, n);
        size = needed;
    }

    /** The bytes held, from index 0 to {@link #size()}; valid until the next change. */
    byte[] array() {
        return array;
    }

    /** The number of bytes held. */
    int size() {
        return size;
    }

    /** The length of the current array: what this buffer costs in memory. */
    int capacity() {
        return array.length;
    }

    /** The most bytes this buffer will ever hold. */
    int limit() {
        return limit;
    }

    /** The last byte held, or -1 when empty. */
    int last() {
        return size == 0 ? -1 : array[size - 1] & 0xff;
    }

    /** Empties the buffer, dropping the array when it is larger than the retained size. */
    void clear() {
        size = 0;
        if (array.length > retain) {
            array = NONE;
        }
    }

    /** The bytes held, as an array of their own, then empties the buffer. */
    byte[] take() {
        byte[] taken;
        if (size == 0) {
            taken = NONE;
        } else if (size == array.length && size > retain) {
            taken = array;
            array = NONE;
        } else {
            taken = Arrays.copyOf(array, size);
        }
        clear();
        return taken;
    }
}
