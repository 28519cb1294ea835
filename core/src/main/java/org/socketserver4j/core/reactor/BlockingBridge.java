package org.socketserver4j.core.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import jdk.net.UnixDomainPrincipal;
import org.socketserver4j.core.tls.TlsSessionInfo;
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.ChunkSource;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.handler.Scheduled;
import org.socketserver4j.core.handler.Server;

/**
 * Runs a blocking handler over a reactor connection. On the reactor side it is the
 * connection's event handler: arriving bytes go into a bounded inbound queue, and reading
 * pauses while the queue holds {@code capacity} bytes (TCP back-pressure to the peer). On the
 * handler side it is the {@link Request}: {@code inputStream()} takes from that queue and
 * {@code outputStream()} writes through the connection, waiting while the connection is above
 * its high watermark. Neither direction can grow without bound.
 */
final class BlockingBridge implements EventHandler, Request {

    private final ReactorConnection connection;
    private final ServerHooks hooks;
    private final Executor executor;
    private final int capacity;
    private final int writeChunk;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    /** Sized for the chunk or two of a peer that sends a request and waits: it grows when more come. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>(2);
    private final InputStream input = new BridgeInput();
    private final OutputStream output = new BridgeOutput();

    private int headOffset;
    private int buffered;
    /** The queue holds {@code capacity} bytes: reading waits until it is half empty. */
    private boolean queueFull;
    /** The handler asked for reading to pause ({@link #pauseReading}) and has not resumed it. */
    private boolean handlerPaused;
    private boolean endOfStream;
    private CloseReason closed;
    private volatile long readTimeoutNanos;

    BlockingBridge(ReactorConnection connection, ServerHooks hooks, Executor executor,
            int capacity, int writeChunk) {
        this.connection = connection;
        this.hooks = hooks;
        this.executor = executor;
        this.capacity = capacity;
        this.writeChunk = Math.max(1, writeChunk);
    }

    // ---- reactor side (event handler) ----

    @Override
    public void onOpen(Connection c) {
        try {
            executor.execute(() -> hooks.runBlocking(this));
        } catch (RejectedExecutionException full) {
            connection.refuse(full);
        }
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        lock.lock();
        try {
            chunks.add(chunk);
            buffered += chunk.length;
            if (buffered >= capacity && !queueFull) {
                queueFull = true;
                connection.pauseReading();
            }
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reactor thread: pauses or resumes reading as the queue and the handler want it now. Both
     * reasons are read when this runs, on the thread that owns the interest ops, so neither can
     * undo the other, whichever thread changed its reason last.
     */
    private void applyReading() {
        boolean pause;
        lock.lock();
        try {
            pause = queueFull || handlerPaused;
        } finally {
            lock.unlock();
        }
        if (pause) {
            connection.pauseReading();
        } else {
            connection.resumeReading();
        }
    }

    @Override
    public void onInputClosed(Connection c) {
        lock.lock();
        try {
            endOfStream = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClose(Connection c) {
        lock.lock();
        try {
            closed = Objects.requireNonNullElse(connection.closeReason(), CloseReason.LOCAL);
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- handler side (request) ----

    @Override
    public InputStream inputStream() {
        return input;
    }

    @Override
    public OutputStream outputStream() {
        return output;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        readTimeoutNanos = timeout == null ? 0 : timeout.toNanos();
    }

    @Override
    public void setNoDelay(boolean on) {
        connection.setNoDelay(on);
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public Optional<UnixDomainPrincipal> peerCredentials() {
        return connection.peerCredentials();
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return connection.tlsSession();
    }

    @Override
    public Server server() {
        return connection.server();
    }

    @Override
    public void write(ByteBuffer data) {
        connection.write(data);
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    /** Pauses reading until {@link #resumeReading}, whatever the inbound queue does meanwhile. */
    @Override
    public void pauseReading() {
        setHandlerPaused(true);
    }

    /** Resumes reading, unless the inbound queue is full (then it resumes once half empty). */
    @Override
    public void resumeReading() {
        setHandlerPaused(false);
    }

    private void setHandlerPaused(boolean paused) {
        lock.lock();
        try {
            handlerPaused = paused;
        } finally {
            lock.unlock();
        }
        connection.onReactor(this::applyReading);
    }

    @Override
    public void shutdownOutput() {
        connection.shutdownOutput();
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void execute(Runnable task) {
        connection.execute(task);
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        return connection.schedule(task, delay);
    }

    @Override
    public String toString() {
        return connection.toString();
    }

    private IOException closedException() {
        CloseReason reason = connection.closeReason();
        return (reason == null ? CloseReason.LOCAL : reason).toException();
    }

    private final class BridgeInput extends InputStream implements ChunkSource {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                return awaitBytes() ? take(b, off, len) : -1;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public byte[] readChunk(int max) throws IOException {
            if (max <= 0) {
                throw new IllegalArgumentException("max must be positive: " + max);
            }
            lock.lock();
            try {
                if (!awaitBytes()) {
                    return new byte[0];
                }
                byte[] head = chunks.peek();
                if (headOffset == 0 && head.length <= max) {
                    chunks.poll();
                    taken(head.length);
                    return head;
                }
                byte[] part = new byte[Math.min(max, head.length - headOffset)];
                take(part, 0, part.length);
                return part;
            } finally {
                lock.unlock();
            }
        }

        /** Waits under the lock until bytes are buffered; false at end of stream. */
        private boolean awaitBytes() throws IOException {
            try {
                long timeout = readTimeoutNanos;
                long remaining = timeout;
                while (buffered == 0) {
                    if (endOfStream) {
                        return false;
                    }
                    if (closed != null) {
                        throw closedException();
                    }
                    if (timeout > 0) {
                        if (remaining <= 0) {
                            throw new SocketTimeoutException("read timed out after "
                                    + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms");
                        }
                        remaining = readable.awaitNanos(remaining);
                    } else {
                        readable.await();
                    }
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading");
            }
        }

        private int take(byte[] b, int off, int len) {
            int copied = 0;
            while (copied < len && !chunks.isEmpty()) {
                byte[] head = chunks.peek();
                int n = Math.min(len - copied, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off + copied, n);
                copied += n;
                headOffset += n;
                if (headOffset == head.length) {
                    chunks.poll();
                    headOffset = 0;
                }
            }
            taken(copied);
            return copied;
        }

        /** {@code n} bytes left the queue: resume reading once it is half empty. */
        private void taken(int n) {
            buffered -= n;
            if (queueFull && buffered <= capacity / 2) {
                queueFull = false;
                connection.onReactor(BlockingBridge.this::applyReading);
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return buffered;
            } finally {
                lock.unlock();
            }
        }
    }

    private final class BridgeOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                awaitWritable();
                int n = Math.min(len, writeChunk);
                connection.write(ByteBuffer.wrap(b, off, n));
                off += n;
                len -= n;
            }
        }

        /** Waits below the high watermark; woken by the flush that made room, or the close. */
        private void awaitWritable() throws IOException {
            try {
                if (!connection.awaitWritable(0)) {
                    throw closedException();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing");
            }
        }
    }
}
