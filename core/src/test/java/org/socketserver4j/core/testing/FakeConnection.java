package org.socketserver4j.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.handler.Scheduled;
import org.socketserver4j.core.handler.Server;

/**
 * The one in-memory {@link Connection} (and {@link Request}) for tests that drive a handler
 * directly, without sockets or threads.
 *
 * <p><b>Output.</b> Everything written is recorded ({@link #output()}, {@link #outputText()})
 * and counted as queued until the "client" reads it ({@link #clientReads()}); the queue models
 * a reactor's outbound buffer with watermarks: above the high watermark the connection is not
 * writable, and it is writable again below the low one. Bytes written after {@link #close()} or
 * {@link #shutdownOutput()} are dropped, as the servers drop them.
 *
 * <p><b>Input.</b> A connection either drives an event handler ({@link #drive(EventHandler)}:
 * {@code onOpen} at once, then {@link #feed(byte[])} calls {@code onData} while reading is not
 * paused, {@link #feedEnd()} calls {@code onInputClosed}, and {@code onWritabilityChanged} and
 * {@code onClose} follow writes, reads and closes), or serves a blocking handler as its
 * {@link Request}: then what is fed is what {@link #inputStream()} reads. Input is handed to
 * {@code onData} in reads of at most 64 KiB from one reused array that is scribbled over after
 * each call, so a handler that keeps the server's buffer is caught.
 *
 * <p><b>Callbacks.</b> As on every server, {@code onWritabilityChanged}, {@code onClose} and
 * tasks given to {@link #execute} run once the handler callback that caused them has returned,
 * never inside it. Tasks given to {@link #schedule} wait until the test calls
 * {@link #runScheduled()}. Handler exceptions propagate to the test (checked ones wrapped in an
 * {@link AssertionError}).
 *
 * <p>Every method is synchronized, so the fake may be called from any thread, as the
 * {@link Connection} contract allows; handler callbacks run on the thread whose call caused
 * them.
 */
public final class FakeConnection implements Request {

    /** The most bytes handed to {@code onData} in one call, as one reactor read. */
    public static final int READ_SIZE = 64 * 1024;

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final byte[] readBuffer = new byte[READ_SIZE];
    private final ArrayDeque<byte[]> unread = new ArrayDeque<>();
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    private final List<Runnable> closeListeners = new ArrayList<>();
    private final InputStream inputStream = new FedInput();
    private final OutputStream outputStream = new ConnectionOutput();

    private long high;
    private long low;
    /** Tasks given to {@link #schedule} and not yet run or cancelled, with their delays. */
    private final List<Timer> scheduled = new ArrayList<>();
    private EventHandler handler;
    private Server server;
    private SocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);
    private SocketAddress local = new InetSocketAddress("127.0.0.1", 8000);

    private long queued;
    private long mostQueued;
    private int writes;
    private boolean writable = true;
    private boolean reportedWritable = true;
    private boolean readingPaused;
    private int pauses;
    private int resumes;
    private boolean outputShut;
    private boolean open = true;
    private int closes;
    private int unreadOffset;
    private boolean ended;
    private boolean endDelivered;
    private int callbackDepth;
    private Duration readTimeout;
    private boolean noDelay;

    /** A connection that is always writable. */
    public FakeConnection() {
        this(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * A connection not writable while more than {@code high} bytes are queued, and writable
     * again as soon as no more than {@code high} are (no hysteresis).
     */
    public FakeConnection(long high) {
        this(high, high == Long.MAX_VALUE ? Long.MAX_VALUE : high + 1);
    }

    /**
     * A connection not writable once more than {@code high} bytes are queued, writable again
     * when fewer than {@code low} are.
     */
    public FakeConnection(long high, long low) {
        setWatermarks(high, low);
    }

    // ---------------------------------------------------------------- set-up

    /**
     * Makes this connection drive {@code eventHandler}, as a reactor would: its {@code onOpen}
     * runs now, and from here on the client's bytes go to its {@code onData}.
     *
     * @return this connection
     * @throws IllegalStateException if a handler is driven already
     */
    public synchronized FakeConnection drive(EventHandler eventHandler) {
        if (handler != null) {
            throw new IllegalStateException("this connection drives a handler already");
        }
        handler = Objects.requireNonNull(eventHandler, "eventHandler");
        callback(() -> eventHandler.onOpen(this));
        pump();
        return this;
    }


    /**
     * Changes the watermarks: not writable above {@code high} queued bytes, writable again below
     * {@code low}. Writability is evaluated again at once and a change reported to the driven
     * handler, so a test can turn writability off and on without writing.
     *
     * @return this connection
     * @throws IllegalArgumentException if {@code low} is negative or above {@code high + 1}
     */
    public synchronized FakeConnection setWatermarks(long high, long low) {
        if (low < 0 || high < 0 || (high != Long.MAX_VALUE && low > high + 1)) {
            throw new IllegalArgumentException("watermarks high=" + high + ", low=" + low);
        }
        this.high = high;
        this.low = low;
        updateWritability();
        return this;
    }

    /** The server {@link #server()} returns; without one it throws. Returns this. */
    public synchronized FakeConnection setServer(Server owner) {
        server = owner;
        return this;
    }

    /** The addresses {@link #remoteAddress()} and {@link #localAddress()} return; returns this. */
    public synchronized FakeConnection setAddresses(SocketAddress remoteAddress, SocketAddress localAddress) {
        remote = remoteAddress;
        local = localAddress;
        return this;
    }

    /** Runs {@code listener} when this connection closes (at once if it is closed). Returns this. */
    public synchronized FakeConnection whenClosed(Runnable listener) {
        if (open) {
            closeListeners.add(listener);
        } else {
            listener.run();
        }
        return this;
    }

    // ---------------------------------------------------------------- the client's side

    /**
     * The client sends {@code bytes}. With a driven handler they are delivered in reads of at
     * most {@value #READ_SIZE} bytes while reading is not paused; the rest waits until reading
     * resumes and the client reads (a reactor reads again only on its next turn). Without one,
     * {@link #inputStream()} reads them.
     *
     * @return whether every byte sent so far has been delivered
     */
    public synchronized boolean feed(byte[] bytes) {
        if (bytes.length > 0) {
            unread.add(bytes.clone());
        }
        pump();
        return unread.isEmpty() || handler == null;
    }

    /** The client sends {@code text} in ISO-8859-1; see {@link #feed(byte[])}. */
    public boolean feed(String text) {
        return feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The client ends its stream: once what it sent is delivered the driven handler's
     * {@code onInputClosed} runs, or {@link #inputStream()} reaches end of stream.
     */
    public synchronized void feedEnd() {
        ended = true;
        pump();
    }

    /**
     * The client reads everything queued: the buffer drains, writability comes back (reported
     * to the driven handler) and reading goes on with any input that waited.
     */
    public void clientReads() {
        clientReads(Long.MAX_VALUE);
    }

    /** The client reads at most {@code bytes} of what is queued; see {@link #clientReads()}. */
    public synchronized void clientReads(long bytes) {
        queued -= Math.min(queued, Math.max(0, bytes));
        updateWritability();
        pump();
    }

    // ---------------------------------------------------------------- what the test observes

    /** Everything written so far. */
    public synchronized byte[] output() {
        return written.toByteArray();
    }

    /** Everything written so far, as ISO-8859-1 text. */
    public synchronized String outputText() {
        return written.toString(StandardCharsets.ISO_8859_1);
    }

    /** How many {@code write} calls recorded bytes (writes after close or half-close do not count). */
    public synchronized int writes() {
        return writes;
    }

    /** The bytes written and not yet read by the client. */
    public synchronized long queued() {
        return queued;
    }

    /** The most bytes that were ever queued and unread at once. */
    public synchronized long mostQueued() {
        return mostQueued;
    }

    /** Whether reading is paused now. */
    public synchronized boolean readingPaused() {
        return readingPaused;
    }

    /** How many times {@link #pauseReading()} was called. */
    public synchronized int pauses() {
        return pauses;
    }

    /** How many times {@link #resumeReading()} was called. */
    public synchronized int resumes() {
        return resumes;
    }

    /** Whether {@link #shutdownOutput()} was called. */
    public synchronized boolean outputShut() {
        return outputShut;
    }

    /** How many times {@link #close()} was called, including calls on a closed connection. */
    public synchronized int closes() {
        return closes;
    }

    /** The last read timeout set through {@link #setReadTimeout}, or null. */
    public synchronized Duration readTimeout() {
        return readTimeout;
    }

    /** The last value given to {@link #setNoDelay}. */
    public synchronized boolean noDelay() {
        return noDelay;
    }

    // ---------------------------------------------------------------- Connection

    /** {@inheritDoc} 127.0.0.1:40000 unless set by {@link #setAddresses}. */
    @Override
    public synchronized SocketAddress remoteAddress() {
        return remote;
    }

    /** {@inheritDoc} 127.0.0.1:8000 unless set by {@link #setAddresses}. */
    @Override
    public synchronized SocketAddress localAddress() {
        return local;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException unless a server was given to {@link #setServer}
     */
    @Override
    public synchronized Server server() {
        if (server == null) {
            throw new UnsupportedOperationException("no server in this test: see FakeConnection.setServer");
        }
        return server;
    }

    /** {@inheritDoc} Records the bytes and counts them as queued until the client reads. */
    @Override
    public synchronized void write(ByteBuffer data) {
        int n = data.remaining();
        byte[] copy = new byte[n];
        data.get(copy);
        if (!open || outputShut) {
            return;
        }
        written.writeBytes(copy);
        writes++;
        queued += n;
        mostQueued = Math.max(mostQueued, queued);
        updateWritability();
    }

    @Override
    public synchronized boolean isWritable() {
        return open && writable;
    }

    @Override
    public synchronized void pauseReading() {
        readingPaused = true;
        pauses++;
    }

    /** {@inheritDoc} Input that waited is delivered when the client next sends or reads. */
    @Override
    public synchronized void resumeReading() {
        readingPaused = false;
        resumes++;
    }

    /** {@inheritDoc} Recorded; later writes are dropped; the connection stays open. */
    @Override
    public synchronized void shutdownOutput() {
        outputShut = true;
    }

    /** {@inheritDoc} The driven handler's {@code onClose} and the close listeners run once. */
    @Override
    public synchronized void close() {
        closes++;
        if (!open) {
            return;
        }
        open = false;
        if (handler != null) {
            EventHandler h = handler;
            notifyHandler(() -> callback(() -> h.onClose(this)));
        }
        List<Runnable> listeners = new ArrayList<>(closeListeners);
        closeListeners.clear();
        notifyHandler(() -> listeners.forEach(Runnable::run));
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    // ---------------------------------------------------------------- Request

    /**
     * {@inheritDoc} Here: what was {@linkplain #feed(byte[]) fed}, then end of stream after
     * {@link #feedEnd()}; a read that finds nothing fed and no end throws
     * {@link SocketTimeoutException} at once (a read timeout) rather than hang the test.
     *
     * @throws IllegalStateException if an event handler is driven (it takes the input)
     */
    @Override
    public synchronized InputStream inputStream() {
        if (handler != null) {
            throw new IllegalStateException("the input goes to the driven event handler");
        }
        return inputStream;
    }

    /**
     * {@inheritDoc} Here every write goes to {@link #write(ByteBuffer)} and never blocks; writing
     * to a closed connection throws an {@link IOException}, as a socket's stream does.
     */
    @Override
    public OutputStream outputStream() {
        return outputStream;
    }

    /** {@inheritDoc} Recorded for {@link #readTimeout()}; the fake never waits. */
    @Override
    public synchronized void setReadTimeout(Duration timeout) {
        readTimeout = timeout;
    }

    /** {@inheritDoc} Recorded for {@link #noDelay()}. */
    @Override
    public synchronized void setNoDelay(boolean on) {
        noDelay = on;
    }

    // ---------------------------------------------------------------- internals

    private void pump() {
        if (handler == null) {
            return;
        }
        while (open && !readingPaused && !unread.isEmpty()) {
            byte[] next = unread.peek();
            int n = Math.min(readBuffer.length, next.length - unreadOffset);
            System.arraycopy(next, unreadOffset, readBuffer, 0, n);
            unreadOffset += n;
            if (unreadOffset == next.length) {
                unread.poll();
                unreadOffset = 0;
            }
            ByteBuffer data = ByteBuffer.wrap(readBuffer, 0, n);
            EventHandler h = handler;
            callback(() -> h.onData(this, data));
            Arrays.fill(readBuffer, 0, n, (byte) '#');
        }
        if (ended && !endDelivered && open && unread.isEmpty()) {
            endDelivered = true;
            EventHandler h = handler;
            callback(() -> h.onInputClosed(this));
        }
    }

    private void updateWritability() {
        if (writable && queued > high) {
            writable = false;
        } else if (!writable && queued < low) {
            writable = true;
        }
        boolean now = writable;
        if (now != reportedWritable && open) {
            reportedWritable = now;
            if (handler != null) {
                EventHandler h = handler;
                notifyHandler(() -> {
                    if (open) {
                        callback(() -> h.onWritabilityChanged(this, now));
                    }
                });
            }
        }
    }

    /** Runs a notification now, or after the current handler callback. */
    private void notifyHandler(Runnable notification) {
        if (callbackDepth > 0) {
            deferred.add(notification);
        } else {
            notification.run();
        }
    }

    private void callback(HandlerCall call) {
        callbackDepth++;
        try {
            call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("the handler threw", e);
        } finally {
            callbackDepth--;
        }
        while (callbackDepth == 0 && !deferred.isEmpty()) {
            deferred.poll().run();
        }
    }

    /** Runs {@code task} as a handler callback: after the current one, never inside it. */
    @Override
    public synchronized void execute(Runnable task) {
        notifyHandler(() -> {
            if (open) {
                callback(task::run);
            }
        });
    }

    /** Keeps {@code task} until {@link #runScheduled()}; the delay is not waited. */
    @Override
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        Timer timer = new Timer(delay, () -> execute(task));
        scheduled.add(timer);
        return () -> {
            synchronized (this) {
                return scheduled.remove(timer);
            }
        };
    }

    /** Runs every task given to {@link #schedule} and not cancelled, as if their delays passed. */
    public void runScheduled() {
        runScheduled(Duration.ofSeconds(Long.MAX_VALUE));
    }

    /**
     * Runs the tasks given to {@link #schedule}, not cancelled, whose delay is at most
     * {@code passed}, as if that much time had passed since each was scheduled; the others stay.
     */
    public void runScheduled(Duration passed) {
        List<Timer> due = new ArrayList<>();
        synchronized (this) {
            for (Timer timer : scheduled) {
                if (timer.delay().compareTo(passed) <= 0) {
                    due.add(timer);
                }
            }
            scheduled.removeAll(due);
        }
        due.forEach(timer -> timer.task().run());
    }

    /** A task given to {@link #schedule}. */
    private record Timer(Duration delay, Runnable task) {
    }

    @FunctionalInterface
    private interface HandlerCall {
        void run() throws Exception;
    }

    /** The blocking input: what was fed, then end of stream once the client ended it. */
    private final class FedInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            synchronized (FakeConnection.this) {
                if (len == 0) {
                    return 0;
                }
                if (unread.isEmpty()) {
                    if (ended || !open) {
                        return -1;
                    }
                    throw new SocketTimeoutException("nothing fed to this FakeConnection and no feedEnd()");
                }
                byte[] next = unread.peek();
                int n = Math.min(len, next.length - unreadOffset);
                System.arraycopy(next, unreadOffset, b, off, n);
                unreadOffset += n;
                if (unreadOffset == next.length) {
                    unread.poll();
                    unreadOffset = 0;
                }
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (FakeConnection.this) {
                long total = -unreadOffset;
                for (byte[] chunk : unread) {
                    total += chunk.length;
                }
                return (int) Math.min(Integer.MAX_VALUE, total);
            }
        }
    }

    /** The unbuffered blocking output: every write goes to the connection at once. */
    private final class ConnectionOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            synchronized (FakeConnection.this) {
                if (!open) {
                    throw new IOException("connection closed");
                }
                FakeConnection.this.write(ByteBuffer.wrap(b, off, len));
            }
        }
    }
}
