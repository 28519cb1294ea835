package org.socketserver4j.core.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking handler's read timeout on a transport that has none of its own: a Unix-domain
 * channel (the JDK gives it no socket adaptor, so no SO_TIMEOUT) or a forked child's stdin.
 *
 * <p>Until a timeout is first set, {@link #read} is the transport's own read, on the caller's
 * thread. From then on a virtual thread of this reader's makes the transport's blocking reads,
 * one at a time and only when a caller wants bytes, into a small slot; the caller waits for the
 * slot to fill at most the timeout, woken by the read that filled it. A read that times out
 * loses nothing and leaves the transport usable, as SO_TIMEOUT does: the transport's read goes
 * on, and its bytes go to the next call. Nothing is read ahead of what a caller asked for, so
 * no more than one slot is ever held.
 *
 * <p>{@link #read} is for one thread at a time (the handler's); {@link #stop} may come from any.
 */
public final class TimedReader {

    /** The transport's blocking read. */
    @FunctionalInterface
    public interface Source {
        /** Reads into {@code b}, blocking; -1 at end of stream. */
        int read(byte[] b, int off, int len) throws IOException;
    }

    private static final int SLOT_BYTES = 8192;

    private final Source source;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the slot fills, the stream ends, the transport fails or the reader stops. */
    private final Condition arrived = lock.newCondition();
    /** Signalled when a caller wants bytes, or the reader stops. */
    private final Condition wanted = lock.newCondition();
    private volatile long timeoutNanos;
    /** Set by the first positive timeout; never unset, as its thread may hold a read in flight. */
    private volatile boolean engaged;
    private byte[] slot;
    private int start;
    private int end;
    /** A caller wants bytes and the slot is empty: the thread reads (or is reading). */
    private boolean demand;
    private boolean threadStarted;
    private boolean endOfStream;
    private IOException failure;
    private boolean stopped;

    /** Makes a reader of {@code source}, with no timeout. */
    public TimedReader(Source source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Sets the read timeout; {@code null}, zero or negative: no limit. */
    public void setTimeout(Duration timeout) {
        long nanos = timeout == null || timeout.isNegative() ? 0 : timeout.toNanos();
        timeoutNanos = nanos;
        if (nanos > 0) {
            engaged = true;
        }
    }

    /**
     * Reads into {@code b} as the transport would, waiting at most the timeout.
     *
     * @return bytes read, at least one; -1 at end of stream
     * @throws SocketTimeoutException when no byte came within the timeout; the transport stays
     *     usable and the next call gets what the read in flight brings
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!engaged) {
            return source.read(b, off, len);
        }
        if (len == 0) {
            return 0;
        }
        long timeout = timeoutNanos;
        lock.lock();
        try {
            long remaining = timeout;
            while (start == end) {
                // Stopped first: closing the transport fails the read in flight, and a caller
                // must see the same closed connection whichever of the two it wakes to.
                if (stopped) {
                    throw new SocketException("connection closed");
                }
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
                if (endOfStream) {
                    return -1;
                }
                want();
                if (timeout == 0) {
                    arrived.await();
                } else if (remaining <= 0) {
                    throw new SocketTimeoutException("read timed out after "
                            + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms");
                } else {
                    remaining = arrived.awaitNanos(remaining);
                }
            }
            int n = Math.min(len, end - start);
            System.arraycopy(slot, start, b, off, n);
            start += n;
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading");
        } finally {
            lock.unlock();
        }
    }

    /** Asks the thread for one transport read, starting it the first time; under the lock. */
    private void want() {
        if (demand) {
            return;
        }
        demand = true;
        if (!threadStarted) {
            threadStarted = true;
            slot = new byte[SLOT_BYTES];
            Thread.ofVirtual().name("timed-read").start(this::readWhenWanted);
        } else {
            wanted.signal();
        }
    }

    /**
     * Stops the reader: callers then see the connection closed. The caller closes the transport
     * too, which wakes a transport read in flight.
     */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            wanted.signalAll();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The thread: one transport read per demand, until end of stream, a failure or a stop. */
    private void readWhenWanted() {
        while (true) {
            lock.lock();
            try {
                while (!demand && !stopped) {
                    wanted.awaitUninterruptibly();
                }
                if (stopped) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            int n;
            IOException error = null;
            try {
                n = source.read(slot, 0, slot.length);
            } catch (IOException e) {
                n = -1;
                error = e;
            }
            lock.lock();
            try {
                demand = false;
                if (error != null) {
                    failure = error;
                } else if (n < 0) {
                    endOfStream = true;
                } else {
                    start = 0;
                    end = n;
                }
                arrived.signalAll();
                if (n < 0) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
