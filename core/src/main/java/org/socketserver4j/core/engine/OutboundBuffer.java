package org.socketserver4j.core.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The output a connection has queued for its peer, the same on every engine: a queue of byte
 * buffers with a low and a high watermark and a hard cap, the writability they give, and a
 * writer token.
 *
 * <p>Any thread may {@link #add} bytes. Only the holder of the writer token (taken with
 * {@link #tryAcquireDirect} when nothing is queued, so the caller may write straight to the
 * transport, or {@link #tryAcquireForFlush} when something is) moves bytes out, so bytes leave
 * in the order they were written. Whoever releases the token must look at {@link #hasPending()}
 * and see that the rest is flushed: that is how no byte is stranded.
 *
 * <p>Writability turns false when queued bytes pass the high watermark (in {@code add}, on the
 * adding thread) and true when they fall below the low one (in {@link #wrote}, on the writer):
 * both transitions happen under one lock and are reported to the caller, which delivers the
 * event on the connection's own thread. A blocked writer waits in {@link #awaitWritable}, woken
 * by the write that made room or by {@link #close}: no timed polling.
 */
public final class OutboundBuffer {

    /** What {@link #add} did. */
    public enum Added {
        /** Queued; writability unchanged. */
        QUEUED,
        /** Queued, and the queue passed the high watermark: the connection is not writable. */
        BECAME_UNWRITABLE,
        /** Not queued: the queue would pass the hard cap. The caller closes the connection. */
        OVER_LIMIT,
        /** Not queued: the buffer is closed. */
        CLOSED
    }

    /** The queue's first capacity: a connection that keeps up queues a buffer or two. */
    private static final int QUEUE_START = 3;

    private final int lowWatermark;
    private final int highWatermark;
    private final long limit;
    private final ReentrantLock lock = new ReentrantLock();
    /** Made under the lock by the first writer that waits: most connections never wait. */
    private Condition writableOrClosed;
    /** Made by the first {@link #add}: a connection that only writes straight holds no queue. */
    private ArrayDeque<ByteBuffer> queue;
    private volatile long pending;
    private volatile boolean writable = true;
    private volatile long transitions;
    private boolean writerActive;
    private volatile boolean closed;

    /**
     * A buffer with these watermarks and hard cap.
     *
     * @param lowWatermark queued bytes below which the connection is writable again
     * @param highWatermark queued bytes above which it is not writable
     * @param limit queued bytes beyond which {@link #add} refuses
     */
    public OutboundBuffer(int lowWatermark, int highWatermark, long limit) {
        if (lowWatermark < 0 || highWatermark <= lowWatermark || limit < highWatermark) {
            throw new IllegalArgumentException("need 0 <= low < high <= limit, got " + lowWatermark
                    + ", " + highWatermark + ", " + limit);
        }
        this.lowWatermark = lowWatermark;
        this.highWatermark = highWatermark;
        this.limit = limit;
    }

    /** Whether the queue is below the high watermark, or back below the low one. */
    public boolean isWritable() {
        return writable;
    }

    /**
     * How many times writability has changed. A connection tells its handler whenever this
     * moved since it last told it, with the state then: a change and its reversal between two
     * deliveries are still told, so a handler that paused on an {@code isWritable()} of false
     * always hears that it is writable again.
     */
    public long transitions() {
        return transitions;
    }

    /** Bytes queued and not yet written. */
    public long pendingBytes() {
        return pending;
    }

    /** Whether any byte is queued. */
    public boolean hasPending() {
        return pending > 0;
    }

    /** The hard cap on queued bytes. */
    public long limit() {
        return limit;
    }

    /**
     * Queues a copy of the remaining bytes of {@code data} and consumes them. On
     * {@link Added#OVER_LIMIT} and {@link Added#CLOSED} the bytes are consumed and dropped.
     */
    public Added add(ByteBuffer data) {
        int n = data.remaining();
        lock.lock();
        try {
            if (closed) {
                data.position(data.limit());
                return Added.CLOSED;
            }
            if (pending + n > limit) {
                data.position(data.limit());
                return Added.OVER_LIMIT;
            }
            ByteBuffer copy = ByteBuffer.allocate(n);
            copy.put(data).flip();
            if (queue == null) {
                queue = new ArrayDeque<>(QUEUE_START);
            }
            queue.add(copy);
            pending += n;
            if (writable && pending > highWatermark) {
                writable = false;
                transitions++;
                return Added.BECAME_UNWRITABLE;
            }
            return Added.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the writer token if nothing is queued and nobody holds it: the caller may then
     * write straight to the transport, and must {@link #releaseWriter} after.
     */
    public boolean tryAcquireDirect() {
        lock.lock();
        try {
            if (writerActive || closed || pending > 0) {
                return false;
            }
            writerActive = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the writer token if something is queued and nobody holds it. */
    public boolean tryAcquireForFlush() {
        lock.lock();
        try {
            if (writerActive || closed || pending == 0) {
                return false;
            }
            writerActive = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives the writer token back; then look at {@link #hasPending()}. */
    public void releaseWriter() {
        lock.lock();
        try {
            writerActive = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code batch.length} queued buffers, oldest first, into {@code batch}; the
     * writer token's holder only. Give them back with {@link #wrote}.
     *
     * @return how many buffers were moved
     */
    public int takeBatch(ByteBuffer[] batch) {
        lock.lock();
        try {
            int count = 0;
            while (queue != null && count < batch.length && !queue.isEmpty()) {
                batch[count++] = queue.poll();
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The writer wrote {@code written} bytes of the {@code count} buffers it took: what is left
     * of them goes back to the head of the queue, in order, and {@code batch} is cleared.
     *
     * @return whether the queue fell below the low watermark, so the connection became writable
     */
    public boolean wrote(long written, ByteBuffer[] batch, int count) {
        lock.lock();
        try {
            for (int i = count - 1; i >= 0; i--) {
                if (batch[i].hasRemaining() && !closed) {
                    queue.addFirst(batch[i]);
                }
                batch[i] = null;
            }
            if (closed) {
                return false;
            }
            pending -= written;
            if (!writable && pending < lowWatermark) {
                writable = true;
                transitions++;
                signalWaiters();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the connection is writable or this buffer is closed, at most
     * {@code timeoutNanos} (0: no limit).
     *
     * @return whether it is writable
     */
    public boolean awaitWritable(long timeoutNanos) throws InterruptedException {
        if (writable) {
            return !closed;
        }
        lock.lock();
        try {
            long remaining = timeoutNanos;
            if (writableOrClosed == null) {
                writableOrClosed = lock.newCondition();
            }
            while (!writable && !closed) {
                if (timeoutNanos <= 0) {
                    writableOrClosed.await();
                } else {
                    if (remaining <= 0) {
                        return false;
                    }
                    remaining = writableOrClosed.awaitNanos(remaining);
                }
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything queued, refuses more and wakes blocked writers; idempotent. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue = null;
            pending = 0;
            signalWaiters();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the writers waiting in {@link #awaitWritable}; under the lock. */
    private void signalWaiters() {
        if (writableOrClosed != null) {
            writableOrClosed.signalAll();
        }
    }

    /** Whether nothing is queued and nobody holds the writer token: all output has left. */
    public boolean isIdle() {
        lock.lock();
        try {
            return pending == 0 && !writerActive;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "outbound[" + pending + " bytes, " + (writable ? "writable" : "not writable") + "]";
    }
}
