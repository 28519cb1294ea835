package org.socketserver4j.core.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.handler.Scheduled;

/**
 * A connection served by a thread that blocks on it: a socket under a thread per connection,
 * or a forked child's stdin and stdout. It keeps the {@link Connection} contract that the
 * reactor keeps, on blocking transports:
 * <ul>
 *   <li>{@link #write} never blocks: bytes go to the {@link OutboundBuffer}, with the same
 *       watermarks and hard cap, and are sent by whoever leaves the connection's
 *       {@link CallbackLane} (its reading thread after a callback) or, for a write from another
 *       thread, by a short-lived virtual thread that may block on the transport in its stead;</li>
 *   <li>a blocking handler's {@code wfile} writes straight to the transport when nothing is
 *       queued, and otherwise waits below the high watermark, woken by the write that made room;</li>
 *   <li>callbacks, tasks and writability events run one at a time in the lane, never nested;</li>
 *   <li>idle means no read and no write progress, checked by a watchdog timer (the engine's
 *       {@link TaskScheduler}), which closes the transport: that wakes a blocked read or write.</li>
 * </ul>
 * Subclasses say how to read, write, half-close and close the transport.
 *
 * <p>An idle connection should cost little, as there may be many thousands: its flags are
 * fields changed through {@link VarHandle}s rather than atomic objects, and what only some
 * connections need (the read gate of a handler that pauses, the latch a reader waits on after
 * end of stream, the lane's queue of posted tasks, a blocking handler's streams, the timeout
 * watchdog) is made when first needed.
 */
public abstract class StreamConnection extends EngineConnection implements Request {

    /** Bytes written per transport call, so progress is seen while a large write goes on. */
    private static final int WRITE_SLICE = 64 * 1024;
    private static final Executor VIRTUAL = r -> Thread.ofVirtual().name("connection-writer").start(r);

    /** The timeouts the watchdog keeps: the engine's, shared by its connections. */
    private final Timeouts timeouts;
    private final TaskScheduler scheduler;
    private final Runnable onClosed;
    private final OutboundBuffer outbound;
    private final CallbackLane lane = new CallbackLane(VIRTUAL, this::sendQueued);
    /** {@link #invoke}, made once: running a callback in the lane allocates nothing. */
    private final java.util.function.Consumer<HandlerCall> invoker = this::invoke;
    /** Made by the first {@link #pauseReading}: most handlers never pause. */
    private volatile ReadGate readGate;
    /** Made by the first {@link #awaitClosed}; counted down by the close. */
    private volatile CountDownLatch closed;
    private volatile boolean open = true;
    private volatile boolean outputShut;
    private volatile boolean closeDelivered;
    private volatile boolean writabilityPosted;
    /** Made by the first {@link #inputStream}: an event handler never asks for it. */
    private volatile InputStream input;
    /** Made by the first {@link #outputStream}: an event handler never asks for it. */
    private volatile OutputStream output;

    /** {@link #ACCEPTED}, {@link #DISPATCHED} or {@link #ENDED}: decides who counts the end. */
    private volatile int phase = ACCEPTED;
    private static final int ACCEPTED = 0;
    private static final int DISPATCHED = 1;
    private static final int ENDED = 2;
    private static final VarHandle OPEN;
    private static final VarHandle OUTPUT_SHUT;
    private static final VarHandle CLOSE_DELIVERED;
    private static final VarHandle WRITABILITY_POSTED;
    private static final VarHandle PHASE;
    private static final VarHandle READ_GATE;
    private static final VarHandle CLOSED;
    private static final VarHandle INPUT;
    private static final VarHandle OUTPUT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OPEN = lookup.findVarHandle(StreamConnection.class, "open", boolean.class);
            OUTPUT_SHUT = lookup.findVarHandle(StreamConnection.class, "outputShut", boolean.class);
            CLOSE_DELIVERED = lookup.findVarHandle(StreamConnection.class, "closeDelivered", boolean.class);
            WRITABILITY_POSTED = lookup.findVarHandle(StreamConnection.class, "writabilityPosted", boolean.class);
            PHASE = lookup.findVarHandle(StreamConnection.class, "phase", int.class);
            READ_GATE = lookup.findVarHandle(StreamConnection.class, "readGate", ReadGate.class);
            CLOSED = lookup.findVarHandle(StreamConnection.class, "closed", CountDownLatch.class);
            INPUT = lookup.findVarHandle(StreamConnection.class, "input", InputStream.class);
            OUTPUT = lookup.findVarHandle(StreamConnection.class, "output", OutputStream.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The logger, made when something is first logged: a forked child that logs nothing
     * never starts SLF4J (about 15 ms of its start).
     */
    private static Logger log() {
        return LogHolder.LOG;
    }

    private static final class LogHolder {
        static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);
    }

    private volatile boolean outputEnding;
    private volatile boolean closeRequested;
    private volatile boolean shutdownRequested;
    private volatile long lastRead;
    private volatile long lastWrite;
    private volatile CloseReason closeReason;
    /** Made only when a timeout is on: without one, nothing needs checking. */
    private final Watchdog watchdog;
    private volatile EventHandler handler;
    private long toldTransitions;

    /**
     * Makes the connection.
     *
     * @param settings the engine's settings (watermarks, hard cap, timeouts)
     * @param timeouts the timeouts this connection's watchdog enforces (none in a forked child:
     *     the parent enforces them on the socket)
     * @param scheduler runs the watchdog and the tasks handlers schedule
     * @param onClosed runs once when the connection has closed: the engine forgets it
     */
    protected StreamConnection(ServerHooks hooks, SocketAddress remote, SocketAddress local,
            EngineSettings settings, Timeouts timeouts, TaskScheduler scheduler, Runnable onClosed) {
        super(hooks, remote, local);
        this.timeouts = timeouts;
        this.scheduler = scheduler;
        this.watchdog = timeouts.any() ? new Watchdog(scheduler, this::checkTimeouts) : null;
        this.onClosed = onClosed;
        this.outbound = settings.newOutboundBuffer();
        this.lastRead = System.nanoTime();
        this.lastWrite = lastRead;
    }

    // ------------------------------------------------------------------ the transport

    /** Reads into {@code b}, blocking; -1 at end of stream. */
    protected abstract int readTransport(byte[] b, int off, int len) throws IOException;

    /**
     * Reads into the space left in {@code dst}, a heap buffer, blocking; -1 at end of stream.
     * The default goes through {@link #readTransport(byte[], int, int)}; a transport that can
     * read a buffer in fewer calls overrides it (what a parked thread-per-connection holds is
     * its stack, every frame of it).
     */
    protected int readTransport(ByteBuffer dst) throws IOException {
        int n = readTransport(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    /** Writes all of {@code data}, blocking. */
    protected abstract void writeTransport(ByteBuffer data) throws IOException;

    /** Half-closes the transport: the peer sees end of stream. */
    protected abstract void shutdownTransportOutput() throws IOException;

    /** Closes the transport; a thread blocked reading or writing it must wake with an exception. */
    protected abstract void closeTransport() throws IOException;

    // ------------------------------------------------------------------ engine side

    /**
     * Marks the connection as handed to a handler: its close then counts as closed, and the
     * timeout watchdog starts. Returns false when it was closed first (the server closing): it
     * is then counted as closed here, once, and must not be served.
     */
    public boolean dispatched() {
        if (PHASE.compareAndSet(this, ACCEPTED, DISPATCHED)) {
            armWatchdog();
            return true;
        }
        hooks.statistics().connectionClosed();
        return false;
    }

    /**
     * Takes back a hand-over that could not start (no thread took it): returns whether the
     * connection is still open and undispatched, so the caller counts it as rejected and
     * closes it; false when a close got there first and counted it.
     */
    public boolean undispatched() {
        return PHASE.compareAndSet(this, DISPATCHED, ACCEPTED);
    }

    /** The event handler this connection's events and tasks go to. */
    public void attach(EventHandler eventHandler) {
        this.handler = eventHandler;
    }

    /**
     * Runs a handler callback in the lane on the calling thread (the connection's reading
     * thread); an exception reaches {@code handleError} and closes the connection, an
     * {@link Error} closes it and is rethrown. Returns whether the connection is open.
     */
    public boolean callback(HandlerCall call) {
        lane.run(invoker, call);
        return open;
    }

    /**
     * The event loop's read: what {@link #inputStream()} reads (counted, a
     * failure after a close saying why it closed), into the space left in {@code dst}, a heap
     * buffer, without a stream's frames between the loop and the transport.
     *
     * @return bytes read, -1 at end of stream
     */
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (!open) {
            throw closedException();
        }
        int n;
        try {
            n = readTransport(dst);
        } catch (IOException e) {
            throw readFailed(e);
        }
        return counted(n);
    }

    /** After a read of {@code n}: counts the bytes and the time; returns {@code n}. */
    private int counted(int n) {
        if (n > 0) {
            hooks.statistics().bytesRead(n);
            lastRead = System.nanoTime();
        }
        return n;
    }

    /**
     * What a failed read throws: after a close, why it closed. A handler's own read timeout
     * ({@link SocketTimeoutException}) is the handler's to handle and is not counted: the
     * statistics count connections the server closed for a timeout.
     */
    private IOException readFailed(IOException e) {
        return open || e instanceof SocketTimeoutException ? e : closedException();
    }

    /** Blocks while reading is paused and the connection is open. */
    public void awaitReadingAllowed() throws InterruptedException {
        ReadGate gate = readGate;
        if (gate != null) {
            gate.awaitOpen();
        }
    }

    /** Blocks until the connection has closed. */
    public void awaitClosed() throws InterruptedException {
        CountDownLatch latch = closed;
        if (latch == null) {
            CLOSED.compareAndSet(this, null, new CountDownLatch(1));
            latch = closed;
        }
        // The close clears open, then counts down the latch it sees; the latch was published
        // before open is read here, so one of the two sees the other.
        if (open) {
            latch.await();
        }
    }

    /** The read gate, made on first use; one made after the close is closed at once. */
    private ReadGate readGate() {
        ReadGate gate = readGate;
        if (gate == null) {
            READ_GATE.compareAndSet(this, null, new ReadGate());
            gate = readGate;
            if (!open) {
                gate.close();
            }
        }
        return gate;
    }

    /**
     * Tells the attached handler that the connection has closed, once, in the lane; a no-op
     * until the connection has closed or when no handler is attached.
     */
    public void deliverClose() {
        if (open || handler == null || !CLOSE_DELIVERED.compareAndSet(this, false, true)) {
            return;
        }
        HandlerCall tell = () -> handler.onClose(this);
        if (lane.inLane()) {
            invoke(tell);
        } else {
            lane.run(invoker, tell);
        }
    }

    /** Closes at once, dropping queued output, for {@code reason}; the one close path. */
    public void closeNow(CloseReason reason) {
        if (!OPEN.compareAndSet(this, true, false)) {
            return;
        }
        closeReason = reason;
        try {
            closeTransport();
        } catch (IOException e) {
            log().debug("closing {}", remote, e);
        }
        outbound.close();
        ReadGate gate = readGate;
        if (gate != null) {
            gate.close();
        }
        if (watchdog != null) {
            watchdog.cancel();
        }
        CountDownLatch latch = closed;
        if (latch != null) {
            latch.countDown();
        }
        if ((int) PHASE.getAndSet(this, ENDED) == DISPATCHED) {
            hooks.statistics().connectionClosed();
        }
        closed();
        if (handler != null) {
            lane.post(this::deliverClose);
        }
    }

    /**
     * Runs once when the connection has closed, on the closing thread: runs the
     * {@code onClosed} given to the constructor. A subclass may tell its engine itself instead,
     * so it needs no callback object of its own.
     */
    protected void closed() {
        onClosed.run();
    }

    /** Why the connection closed, or {@code null} while open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    // ------------------------------------------------------------------ Connection

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isWritable() {
        return outbound.isWritable();
    }

    @Override
    public void write(ByteBuffer data) {
        if (!open || outputEnding || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        added(outbound.add(data));
        if (!lane.inLane()) {
            startSender();
        }
        // else the thread in the lane sends it as it leaves
    }

    @Override
    public void pauseReading() {
        readGate().pause();
    }

    @Override
    public void resumeReading() {
        ReadGate gate = readGate;
        if (gate != null) {
            gate.resume();
        }
    }

    @Override
    public void shutdownOutput() {
        if (!open) {
            return;
        }
        outputEnding = true;
        shutdownRequested = true;
        if (outbound.isIdle()) {
            finishOutput();
        } else if (!lane.inLane()) {
            startSender();
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        outputEnding = true;
        closeRequested = true;
        if (outbound.isIdle()) {
            finishOutput();
        } else if (!lane.inLane()) {
            startSender();
        }
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        lane.post(() -> runTask(task));
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        return scheduler.schedule(() -> execute(task), Math.max(0, delay.toNanos()));
    }

    @Override
    public InputStream inputStream() {
        InputStream in = input;
        if (in == null) {
            INPUT.compareAndSet(this, null, new Input());
            in = input;
        }
        return in;
    }

    @Override
    public OutputStream outputStream() {
        OutputStream out = output;
        if (out == null) {
            OUTPUT.compareAndSet(this, null, new Output());
            out = output;
        }
        return out;
    }

    @Override
    public String toString() {
        return "connection " + remote;
    }

    // ------------------------------------------------------------------ sending

    private void added(OutboundBuffer.Added result) {
        switch (result) {
            case BECAME_UNWRITABLE -> postWritability();
            case OVER_LIMIT -> {
                if (isOpen()) {
                    hooks.statistics().outboundOverflowed();
                    log().warn("closing {}: its queued output passed maxOutboundBytes ({} bytes);"
                            + " the peer does not read", remote, outbound.limit());
                    closeNow(CloseReason.OUTBOUND_LIMIT);
                }
            }
            case QUEUED, CLOSED -> { }
        }
    }

    /** Sends what is queued on a thread of its own, unless someone already sends. */
    private void startSender() {
        if (outbound.tryAcquireForFlush()) {
            VIRTUAL.execute(this::sendHeld);
        }
    }

    /** Sends what is queued on this thread, blocking, unless someone already sends. */
    private void sendQueued() {
        if (outbound.tryAcquireForFlush()) {
            sendHeld();
        } else {
            writerReleased();
        }
    }

    /** Sends with the writer token held until nothing is queued; then releases it. */
    private void sendHeld() {
        ByteBuffer[] batch = new ByteBuffer[16];
        sendStarting();
        try {
            do {
                int count;
                while ((count = outbound.takeBatch(batch)) > 0) {
                    long written = 0;
                    IOException failure = null;
                    try {
                        for (int i = 0; i < count; i++) {
                            written += writeSliced(batch[i]);
                        }
                    } catch (IOException e) {
                        failure = e;
                    }
                    if (outbound.wrote(written, batch, count)) {
                        postWritability();
                    }
                    if (failure != null) {
                        throw failure;
                    }
                }
                outbound.releaseWriter();
            } while (outbound.hasPending() && outbound.tryAcquireForFlush());
        } catch (IOException e) {
            outbound.releaseWriter();
            failed(e);
            return;
        }
        writerReleased();
    }

    /** Writes {@code data} whole, in slices, recording progress after each. */
    private long writeSliced(ByteBuffer data) throws IOException {
        long total = 0;
        int end = data.limit();
        while (data.hasRemaining()) {
            int slice = Math.min(data.remaining(), WRITE_SLICE);
            data.limit(data.position() + slice);
            writeTransport(data);
            data.limit(end);
            total += slice;
            hooks.statistics().bytesWritten(slice);
            lastWrite = System.nanoTime();
        }
        return total;
    }

    /** After the writer token is given back: finish a requested close or half-close. */
    private void writerReleased() {
        if ((closeRequested || shutdownRequested) && outbound.isIdle()) {
            finishOutput();
        }
    }

    private void finishOutput() {
        if (closeRequested) {
            closeNow(CloseReason.LOCAL);
        } else if (shutdownRequested && OUTPUT_SHUT.compareAndSet(this, false, true)) {
            try {
                shutdownTransportOutput();
            } catch (IOException e) {
                log().debug("shutdownOutput on {}: {}", remote, e.toString());
            }
        }
    }

    private void failed(IOException e) {
        if (isOpen()) {
            log().debug("write to {} failed: {}", remote, e.toString());
            closeNow(CloseReason.IO_ERROR);
        }
    }

    private void postWritability() {
        if (handler != null && WRITABILITY_POSTED.compareAndSet(this, false, true)) {
            lane.post(() -> {
                writabilityPosted = false;
                deliverWritability();
            });
        }
    }

    /** In the lane: tells the handler the writability now if it changed since it was last told. */
    private void deliverWritability() {
        long transitions = outbound.transitions();
        if (open && transitions != toldTransitions) {
            toldTransitions = transitions;
            boolean now = outbound.isWritable();
            invoke(() -> handler.onWritabilityChanged(this, now));
        }
    }

    private void runTask(Runnable task) {
        if (open) {
            invoke(task::run);
        }
    }

    /**
     * Runs a callback: an exception reaches {@code handleError} and closes the connection; an
     * {@link Error} closes it and propagates (rethrown on the connection's own thread, logged
     * by the lane on a thread it spawned).
     */
    private void invoke(HandlerCall call) {
        try {
            call.run();
        } catch (Exception e) {
            hooks.handleError(this, e);
            closeNow(CloseReason.HANDLER_ERROR);
        } catch (Error e) {
            closeNow(CloseReason.HANDLER_ERROR);
            throw e;
        }
    }

    // ------------------------------------------------------------------ timeouts

    private void armWatchdog() {
        if (!timeouts.any() || !open) {
            return;
        }
        watchdog.armBy(timeouts.nextDeadline(lastRead, lastWrite, !outbound.isIdle()));
        if (!open) {
            watchdog.cancel();
        }
    }

    /**
     * A send begins: with a write timeout, its clock starts now (as when a reactor finds the
     * socket full) and the watchdog fires by its deadline.
     */
    private void sendStarting() {
        if (timeouts.writeNanos() > 0) {
            lastWrite = System.nanoTime();
            armWatchdog();
        }
    }

    private void checkTimeouts() {
        if (!open) {
            return;
        }
        CloseReason expired = timeouts.expired(System.nanoTime(), lastRead, lastWrite, !outbound.isIdle());
        if (expired == null) {
            armWatchdog();
            return;
        }
        hooks.statistics().connectionTimedOut();
        log().debug("closing {}: {}", remote, expired);
        closeNow(expired);
    }

    /** What a reader or writer is told once the connection has closed. */
    private IOException closedException() {
        CloseReason reason = closeReason;
        return (reason == null ? CloseReason.LOCAL : reason).toException();
    }

    /** A handler callback that may throw. */
    @FunctionalInterface
    public interface HandlerCall {
        /** Runs the callback. */
        void run() throws Exception;
    }

    /** The bytes from the peer: counted, and a failure after a close says why it closed. */
    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!open) {
                throw closedException();
            }
            int n;
            try {
                n = readTransport(b, off, len);
            } catch (IOException e) {
                throw readFailed(e);
            }
            return counted(n);
        }
    }

    /**
     * A blocking handler's {@code wfile}: straight to the transport when nothing is queued,
     * else queued, then waits below the high watermark.
     */
    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (!open || outputEnding) {
                throw closedException();
            }
            if (len == 0) {
                return;
            }
            if (outbound.tryAcquireDirect()) {
                try {
                    writeSliced(ByteBuffer.wrap(b, off, len));
                } catch (IOException e) {
                    outbound.releaseWriter();
                    failed(e);
                    throw open ? e : closedException();
                }
                outbound.releaseWriter();
                if (outbound.hasPending()) {
                    startSender();
                } else {
                    writerReleased();
                }
                return;
            }
            added(outbound.add(ByteBuffer.wrap(b, off, len)));
            sendQueued();
            try {
                if (!outbound.awaitWritable(0)) {
                    throw closedException();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing");
            }
        }
    }
}
