package org.socketserver4j.core.reactor;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.ChannelOptions;
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.EngineConnection;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.OutboundBuffer;
import org.socketserver4j.core.engine.PeerCredentials;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.Timeouts;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.Scheduled;
import org.socketserver4j.core.loop.Reactor;
import org.socketserver4j.core.tls.TlsSessionInfo;
import org.socketserver4j.core.tls.TlsTransport;

/**
 * A non-blocking connection owned by one reactor for life. Reads go into the reactor's shared
 * buffer and straight to the handler. A write, from any thread, goes to the socket directly
 * when nothing is queued (the writer token of the {@link OutboundBuffer} keeps bytes in order);
 * only what the socket refuses is queued, and only then is OP_WRITE registered. Queued buffers
 * leave in gathering writes, at most {@value #WRITE_SPIN_LIMIT} per turn so one connection
 * cannot starve the others.
 *
 * <p>Handler callbacks run on the reactor thread and never nest: an event raised inside a
 * callback (writability, close) is delivered once the callback has returned. Every way a
 * connection ends goes through one close path, {@link #closeNow(CloseReason, Throwable)}.
 */
final class ReactorConnection extends EngineConnection implements Reactor.Selectable, Reactor.KeyHolder {

    /** Writes per flush turn before yielding to other connections. */
    static final int WRITE_SPIN_LIMIT = 16;
    /** Reads per readiness event before yielding to other connections. */
    static final int READS_PER_TURN = 4;

    private static final Logger log = LoggerFactory.getLogger(ReactorConnection.class);
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final AtomicLong nextRefusalLog = new AtomicLong(System.nanoTime());
    private static final AtomicLong refusalsNotLogged = new AtomicLong();

    private final Reactor reactor;
    private final SocketChannel channel;
    private final Timeouts timeouts;
    private final EngineSettings settings;
    /** Told when the connection has closed: no callback object per connection. */
    private final ReactorEngine engine;
    /** The index of {@link #reactor} among the engine's workers. */
    private final int worker;
    private final OutboundBuffer outbound;
    /** TLS between the channel and the handler, or {@code null} on a plain connection. */
    private final TlsTransport tls;
    // Fields changed through VarHandles rather than atomic objects: there may be many thousands.
    private volatile boolean flushPosted;
    private volatile boolean writabilityPosted;
    private static final VarHandle FLUSH_POSTED;
    private static final VarHandle WRITABILITY_POSTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FLUSH_POSTED = lookup.findVarHandle(ReactorConnection.class, "flushPosted", boolean.class);
            WRITABILITY_POSTED = lookup.findVarHandle(ReactorConnection.class, "writabilityPosted", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean open = true;
    private volatile boolean registered;
    private volatile boolean outputEnding;
    private volatile long lastWrite;
    private volatile CloseReason closeReason;

    // Reactor thread only.
    private EventHandler handler;
    /** Hands the reactor's read buffer to the handler; made once, so a read allocates nothing. */
    private HandlerCall deliverRead;
    private SelectionKey key;
    private long toldTransitions;
    private boolean readPaused;
    private boolean inputClosed;
    private boolean outputShutdownRequested;
    private boolean outputShut;
    private boolean closeRequested;
    private boolean dispatched;
    private long lastRead;
    private Reactor.Timer timeoutTimer;
    private long timerDeadline;
    private int callbackDepth;
    private boolean writabilityEventPending;
    private boolean closeFinishPending;
    private Set<ConnectionTimer> timers;
    /** The TLS session as handlers see it, made when the handshake is done. */
    private volatile TlsSessionInfo tlsSession;
    private Reactor.Timer handshakeTimer;

    ReactorConnection(ReactorEngine engine, int worker, Reactor reactor, SocketChannel channel,
            ServerHooks hooks, EngineSettings settings, Timeouts timeouts) throws IOException {
        super(hooks, channel.getRemoteAddress(), channel.getLocalAddress());
        this.engine = engine;
        this.worker = worker;
        this.reactor = reactor;
        this.channel = channel;
        this.timeouts = timeouts;
        this.settings = settings;
        this.outbound = settings.newOutboundBuffer();
        this.tls = settings.tls() == null ? null
                : new TlsTransport(channel, settings.tls().newEngine(), TLS_TASKS,
                        () -> reactor.execute(this::tlsTasksDone), engine.tlsBuffers(worker));
    }

    /** Runs the TLS engine's delegated tasks off the reactor threads. */
    private static final java.util.concurrent.Executor TLS_TASKS =
            task -> Thread.ofVirtual().name("tls-task").start(task);

    /** The reactor that owns this connection. */
    Reactor reactor() {
        return reactor;
    }

    /**
     * Registers with the reactor and starts {@code handler}; reactor thread only. A
     * connection closed before this (refused, or closed by the server) stays closed.
     */
    void open(EventHandler handler) {
        if (!open) {
            hooks.statistics().connectionClosed();
            return;
        }
        this.handler = handler;
        this.deliverRead = () -> handler.onData(this, reactor.readBuffer());
        this.dispatched = true;
        try {
            if (key == null) {
                key = reactor.register(channel, readPaused ? 0 : SelectionKey.OP_READ, this);
            } else {
                key.interestOps(readPaused ? 0 : SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            closeNow(CloseReason.IO_ERROR, e);
            return;
        }
        registered = true;
        lastRead = reactor.now();
        lastWrite = lastRead;
        armTimeouts();
        if (invoke(() -> handler.onOpen(this))) {
            updateInterest();
            flush();
            if (open && tls != null && tls.hasBufferedInput()) {
                read(); // records that came with the handshake's last flight
            }
        }
    }

    // ------------------------------------------------------------------ TLS handshake

    /**
     * Starts the TLS handshake; reactor thread only. The connection reaches the server's
     * pipeline ({@code then}) only once it is done; one that fails or outlasts the handshake
     * timeout is closed and counted in the TLS statistics only.
     */
    void startHandshake(Runnable then) {
        if (!open) {
            return;
        }
        afterHandshake = then;
        try {
            key = reactor.register(channel, SelectionKey.OP_READ, this);
        } catch (IOException e) {
            handshakeFailed(e);
            return;
        }
        handshakeTimer = reactor.schedule(this::handshakeTimedOut,
                settings.tls().handshakeTimeout().toNanos());
        continueHandshake();
    }

    private Runnable afterHandshake;

    private void continueHandshake() {
        if (!open) {
            return;
        }
        TlsTransport.Step step;
        try {
            step = tls.handshake();
        } catch (IOException | RuntimeException e) {
            handshakeFailed(e);
            return;
        }
        switch (step) {
            case DONE -> {
                handshakeTimer.cancel();
                tlsSession = TlsSessionInfo.of(tls.engine());
                hooks.statistics().tls().handshakeDone();
                key.interestOps(0);
                afterHandshake.run();
            }
            case NEED_READ -> key.interestOps(SelectionKey.OP_READ);
            case NEED_WRITE -> key.interestOps(SelectionKey.OP_WRITE);
            case TASKS -> key.interestOps(0);
        }
    }

    private void handshakeFailed(Exception e) {
        hooks.statistics().tls().handshakeFailed();
        log.debug("TLS handshake with {} failed: {}", remote, e.toString());
        closeNow(CloseReason.IO_ERROR, null);
    }

    private void handshakeTimedOut() {
        if (open && !tls.handshakeDone()) {
            hooks.statistics().tls().handshakeTimedOut();
            log.debug("closing {}: no TLS handshake within {}", remote, settings.tls().handshakeTimeout());
            closeNow(CloseReason.READ_TIMEOUT, null);
        }
    }

    /** The engine's delegated tasks have run (posted to the reactor): go on where they stopped. */
    private void tlsTasksDone() {
        if (!open) {
            return;
        }
        if (!tls.handshakeDone()) {
            continueHandshake();
        } else {
            read();
            requestFlush();
        }
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isWritable() {
        return outbound.isWritable();
    }

    /** The peer's credentials on a Unix-domain connection; empty on TCP. */
    @Override
    public Optional<UnixDomainPrincipal> peerCredentials() {
        return PeerCredentials.of(channel);
    }

    /** Sets TCP_NODELAY where the transport has it; safe from any thread. */
    void setNoDelay(boolean on) {
        ChannelOptions.setIfSupported(channel, StandardSocketOptions.TCP_NODELAY, on);
    }

    /** Bytes queued and not yet sent. */
    long pendingBytes() {
        return outbound.pendingBytes();
    }

    /**
     * Waits until the connection is writable or closed, at most {@code timeoutNanos} (0: no
     * limit); woken by the flush that made room. Returns whether it is writable.
     */
    boolean awaitWritable(long timeoutNanos) throws InterruptedException {
        return outbound.awaitWritable(timeoutNanos);
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(ByteBuffer data) {
        if (!open || outputEnding || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        if (registered && outbound.tryAcquireDirect()) {
            writeDirect(data);
            return;
        }
        added(outbound.add(data));
        requestFlush();
    }

    /** Writes with the writer token held: straight to the socket, the rest queued in order. */
    private void writeDirect(ByteBuffer data) {
        try {
            long n = tls == null ? channel.write(data) : tls.write(data);
            if (n > 0) {
                sent(n);
            }
        } catch (IOException e) {
            outbound.releaseWriter();
            data.position(data.limit());
            failed(e);
            return;
        }
        if (!data.hasRemaining()) {
            outbound.releaseWriter();
            if (outputPending()) {
                requestFlush();
            }
            return;
        }
        OutboundBuffer.Added result = outbound.add(data);
        outbound.releaseWriter();
        added(result);
        if (reactor.inEventLoop()) {
            writeBlocked();
        } else {
            requestFlush();
        }
    }

    private void added(OutboundBuffer.Added result) {
        switch (result) {
            case BECAME_UNWRITABLE -> writabilityMayHaveChanged();
            case OVER_LIMIT -> reactor.runOrPost(this::overLimit);
            case QUEUED, CLOSED -> { }
        }
    }

    private void overLimit() {
        if (!open) {
            return;
        }
        hooks.statistics().outboundOverflowed();
        log.warn("closing {}: its queued output passed maxOutboundBytes ({} bytes); the peer does not read",
                remote, outbound.limit());
        closeNow(CloseReason.OUTBOUND_LIMIT, null);
    }

    private void failed(IOException e) {
        reactor.runOrPost(() -> closeNow(CloseReason.IO_ERROR, e));
    }

    private void sent(long n) {
        hooks.statistics().bytesWritten(n);
        lastWrite = reactor.inEventLoop() ? reactor.now() : System.nanoTime();
    }

    /** Flushes now on the reactor thread, or posts one coalesced flush from elsewhere. */
    private void requestFlush() {
        if (reactor.inEventLoop()) {
            if (key == null || !key.isValid() || !writeInterest()) {
                flush();
            }
            // else the socket is full: OP_WRITE will flush
        } else if (FLUSH_POSTED.compareAndSet(this, false, true)) {
            reactor.execute(() -> {
                flushPosted = false;
                flush();
            });
        }
    }

    /** Sends what is queued, as far as the socket takes it; reactor thread only. */
    private void flush() {
        if (!open || key == null) {
            return;
        }
        if (tls != null) {
            try {
                if (!tls.flush()) {
                    writeBlocked(); // ciphertext first: it goes before anything wrapped later
                    return;
                }
            } catch (IOException e) {
                closeNow(CloseReason.IO_ERROR, e);
                return;
            }
        }
        if (!outbound.tryAcquireForFlush()) {
            if (!outbound.hasPending()) {
                setWriteInterest(false);
                finishPendingClose();
            }
            // else a direct writer holds the token and requests a flush when it is done
            return;
        }
        boolean becameWritable = false;
        ByteBuffer[] batch = reactor.gatherScratch();
        try {
            for (int turn = 0; turn < WRITE_SPIN_LIMIT; turn++) {
                int count = outbound.takeBatch(batch);
                if (count == 0) {
                    break;
                }
                long offered = 0;
                for (int i = 0; i < count; i++) {
                    offered += batch[i].remaining();
                }
                long n;
                try {
                    n = tls == null ? channel.write(batch, 0, count) : tls.write(batch, 0, count);
                } catch (IOException e) {
                    outbound.wrote(0, batch, count);
                    throw e;
                }
                if (n > 0) {
                    sent(n);
                }
                becameWritable |= outbound.wrote(n, batch, count);
                if (n < offered) {
                    break;
                }
            }
        } catch (IOException e) {
            outbound.releaseWriter();
            closeNow(CloseReason.IO_ERROR, e);
            return;
        }
        outbound.releaseWriter();
        if (outputPending()) {
            writeBlocked();
        } else {
            setWriteInterest(false);
            finishPendingClose();
        }
        if (becameWritable) {
            writabilityMayHaveChanged();
        }
    }

    /** The socket is full: wait for OP_WRITE; reactor thread only. */
    private void writeBlocked() {
        if (key == null || !key.isValid()) {
            return;
        }
        if (!writeInterest()) {
            hooks.statistics().writeStalled();
            lastWrite = reactor.now();
            setWriteInterest(true);
            armWriteTimeout();
        }
    }

    private void finishPendingClose() {
        if ((closeRequested || outputShutdownRequested) && tls != null && !sentCloseNotify()) {
            return; // OP_WRITE comes back here once the close_notify is out
        }
        if (closeRequested) {
            closeNow(CloseReason.LOCAL, null);
        } else if (outputShutdownRequested && !outputShut) {
            outputShut = true;
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                closeNow(CloseReason.IO_ERROR, e);
                return;
            }
            if (inputClosed) {
                closeNow(CloseReason.LOCAL, null);
            }
        }
    }

    /**
     * Queues the close_notify that ends the TLS output and sends it; false while the socket
     * has not taken it (OP_WRITE is then registered). A connection whose handshake is not done
     * has no TLS output to end.
     */
    private boolean sentCloseNotify() {
        try {
            if (tls.sendCloseNotify()) {
                return true;
            }
        } catch (IOException e) {
            closeNow(CloseReason.IO_ERROR, e);
            return false;
        }
        writeBlocked();
        return false;
    }

    /** Whether output waits: queued plaintext, or ciphertext the TLS layer holds. */
    private boolean outputPending() {
        return outbound.hasPending() || (tls != null && tls.wantsWrite());
    }

    private void writabilityMayHaveChanged() {
        if (reactor.inEventLoop()) {
            deliverWritability();
        } else if (WRITABILITY_POSTED.compareAndSet(this, false, true)) {
            reactor.execute(() -> {
                writabilityPosted = false;
                deliverWritability();
            });
        }
    }

    /**
     * Tells the handler the writability now if it changed since it was last told; never inside
     * a callback, this connection's or another's on the same reactor (then it comes after).
     */
    private void deliverWritability() {
        if (!open || handler == null) {
            return;
        }
        if (callbackDepth > 0) {
            writabilityEventPending = true;
            return;
        }
        if (reactor.inCallback()) {
            reactor.execute(this::deliverWritability);
            return;
        }
        long transitions = outbound.transitions();
        if (transitions != toldTransitions) {
            toldTransitions = transitions;
            boolean now = outbound.isWritable();
            invoke(() -> handler.onWritabilityChanged(this, now));
        }
    }

    // ------------------------------------------------------------------ control

    @Override
    public void pauseReading() {
        reactor.runOrPost(() -> {
            readPaused = true;
            updateInterest();
        });
    }

    @Override
    public void resumeReading() {
        reactor.runOrPost(() -> {
            readPaused = false;
            updateInterest();
            if (open && tls != null && handler != null && tls.hasBufferedInput()) {
                read(); // records already read wait in the TLS layer: no readiness will say so
            }
        });
    }

    @Override
    public void shutdownOutput() {
        outputEnding = true;
        reactor.runOrPost(() -> {
            if (!open) {
                return;
            }
            outputShutdownRequested = true;
            if (key == null) {
                closeNow(CloseReason.LOCAL, null);
            } else {
                flush();
            }
        });
    }

    @Override
    public void close() {
        outputEnding = true;
        reactor.runOrPost(() -> {
            if (!open) {
                return;
            }
            closeRequested = true;
            if (key == null) {
                closeNow(CloseReason.LOCAL, null);
            } else {
                flush();
            }
        });
    }

    /**
     * Its handler could not be started (the handler pool refused it): closes at once and
     * counts it as rejected, not closed; the handler was never run, so it is not told.
     * Logged at WARN at most every 10 s. Reactor thread only.
     */
    void refuse(RuntimeException why) {
        if (!open) {
            return;
        }
        dispatched = false;
        hooks.statistics().connectionRejected();
        long now = System.nanoTime();
        long due = nextRefusalLog.get();
        if (now - due >= 0 && nextRefusalLog.compareAndSet(due, now + REFUSAL_LOG_INTERVAL_NANOS)) {
            log.warn("refusing {}: the handler pool is full ({}; {} more refused since the last "
                    + "report)", remote, why.toString(), refusalsNotLogged.getAndSet(0));
        } else {
            refusalsNotLogged.incrementAndGet();
        }
        closeNow(CloseReason.SERVER_CLOSE, null);
    }

    /** Closes at once, dropping queued output; safe from any thread. */
    void closeNow(CloseReason reason) {
        reactor.runOrPost(() -> closeNow(reason, null));
    }

    /** Runs {@code action} on the reactor: now if this is the reactor thread, else posted. */
    void onReactor(Runnable action) {
        reactor.runOrPost(action);
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        reactor.execute(() -> runTask(task));
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        ConnectionTimer timer = new ConnectionTimer(task);
        timer.inner = reactor.scheduleFromAnyThread(timer, Math.max(0, delay.toNanos()));
        reactor.runOrPost(() -> {
            if (!open) {
                timer.inner.cancel();
            } else if (!timer.done) {
                if (timers == null) {
                    timers = new HashSet<>();
                }
                timers.add(timer);
            }
        });
        return timer;
    }

    private void runTask(Runnable task) {
        if (open && handler != null) {
            invoke(task::run);
        }
    }

    // ------------------------------------------------------------------ reactor side

    @Override
    public void onReady(SelectionKey ready) {
        if (tls != null && !tls.handshakeDone()) {
            continueHandshake();
            return;
        }
        if (ready.isWritable()) {
            flush();
        }
        if (open && ready.isValid() && ready.isReadable()) {
            read();
        }
    }

    @Override
    public void keyMoved(SelectionKey moved) {
        key = moved;
    }

    @Override
    public void onReactorStop() {
        closeNow(CloseReason.SERVER_CLOSE, null);
    }

    private void read() {
        ByteBuffer buffer = reactor.readBuffer();
        int last = 0;
        for (int i = 0; i < READS_PER_TURN && open && !readPaused && !inputClosed; i++) {
            buffer.clear();
            int n;
            try {
                n = last = tls == null ? channel.read(buffer) : tls.read(buffer);
            } catch (IOException e) {
                closeNow(CloseReason.IO_ERROR, e);
                return;
            }
            if (n > 0) {
                hooks.statistics().bytesRead(n);
                lastRead = reactor.now();
                buffer.flip();
                long start = System.nanoTime();
                boolean stillOpen = invoke(deliverRead);
                hooks.statistics().handlerRan(System.nanoTime() - start);
                if (!stillOpen) {
                    return;
                }
                if (tls != null ? !tls.hasBufferedInput() : n < buffer.capacity()) {
                    break;
                }
            } else if (n < 0) {
                inputClosed = true;
                updateInterest();
                if (outputShut) {
                    closeNow(CloseReason.LOCAL, null);
                } else {
                    invoke(() -> handler.onInputClosed(this));
                }
                return;
            } else {
                break;
            }
        }
        if (tls != null && open) {
            if (tls.wantsWrite()) {
                requestFlush(); // the engine answers something (a key update, a close)
            }
            if (last > 0 && !readPaused && !inputClosed && tls.hasBufferedInput()) {
                reactor.execute(this::read); // whole records wait here: their turn comes after the others'
            }
        }
    }

    private boolean writeInterest() {
        return (key.interestOps() & SelectionKey.OP_WRITE) != 0;
    }

    private void setWriteInterest(boolean on) {
        if (key != null && key.isValid() && writeInterest() != on) {
            key.interestOps(on ? key.interestOps() | SelectionKey.OP_WRITE
                    : key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = key.interestOps() & SelectionKey.OP_WRITE;
        if (!readPaused && !inputClosed) {
            ops |= SelectionKey.OP_READ;
        }
        key.interestOps(ops);
    }

    // ------------------------------------------------------------------ timeouts

    /** Arms the one timer of this connection at the earliest timeout deadline, if any. */
    private void armTimeouts() {
        long deadline = timeouts.nextDeadline(lastRead, lastWrite, outputPending());
        if (deadline == Long.MAX_VALUE || !open) {
            return;
        }
        timerDeadline = deadline;
        timeoutTimer = reactor.schedule(this::checkTimeouts, deadline - reactor.now());
    }

    /** Output just became pending: make sure the timer fires by the write deadline. */
    private void armWriteTimeout() {
        long write = timeouts.writeNanos();
        if (write > 0 && (timeoutTimer == null || timerDeadline - (lastWrite + write) > 0)) {
            if (timeoutTimer != null) {
                timeoutTimer.cancel();
            }
            armTimeouts();
        }
    }

    private void checkTimeouts() {
        timeoutTimer = null;
        if (!open) {
            return;
        }
        CloseReason expired = timeouts.expired(reactor.now(), lastRead, lastWrite, outputPending());
        if (expired == null) {
            armTimeouts();
            return;
        }
        hooks.statistics().connectionTimedOut();
        log.debug("closing {}: {}", remote, expired);
        closeNow(expired, null);
    }

    // ------------------------------------------------------------------ callbacks and closing

    /**
     * Runs a handler callback; on an exception reports it and closes. Events raised inside it
     * wait until the outermost callback has returned. Returns whether the connection is open.
     */
    private boolean invoke(HandlerCall call) {
        callbackDepth++;
        reactor.enterCallback();
        try {
            call.run();
        } catch (Exception e) {
            hooks.handleError(this, e);
            closeNow(CloseReason.HANDLER_ERROR, e);
        } catch (Error e) {
            log.error("fatal error in the handler of {}; connection closed", remote, e);
            closeNow(CloseReason.HANDLER_ERROR, e);
        } finally {
            callbackDepth--;
            reactor.exitCallback();
        }
        if (callbackDepth == 0) {
            if (closeFinishPending) {
                closeFinishPending = false;
                finishClose();
            } else if (writabilityEventPending) {
                writabilityEventPending = false;
                deliverWritability();
            }
        }
        return open;
    }

    /** The one close path: releases the socket, the buffers, the timers and the permit. */
    private void closeNow(CloseReason reason, Throwable cause) {
        if (!open) {
            return;
        }
        open = false;
        closeReason = reason;
        if (cause != null && reason == CloseReason.IO_ERROR) {
            log.debug("connection {} closed: {}", remote, cause.toString());
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {}", remote, e);
        }
        if (timeoutTimer != null) {
            timeoutTimer.cancel();
        }
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        if (timers != null) {
            for (ConnectionTimer t : List.copyOf(timers)) {
                t.inner.cancel();
            }
            timers = null;
        }
        outbound.close();
        if (callbackDepth > 0) {
            closeFinishPending = true;
        } else if (reactor.inCallback()) {
            reactor.execute(this::finishClose);
        } else {
            finishClose();
        }
    }

    /** Tells the handler (once, never inside another callback) and frees the connection's place. */
    private void finishClose() {
        if (dispatched) {
            hooks.statistics().connectionClosed();
            try {
                handler.onClose(this);
            } catch (Exception e) {
                hooks.handleError(this, e);
            } catch (Error e) {
                log.error("fatal error in the close handler of {}", remote, e);
            }
        }
        engine.forget(this, worker);
    }

    /** Why the connection closed, or {@code null} while open. */
    CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public String toString() {
        return "connection " + remote;
    }

    @FunctionalInterface
    private interface HandlerCall {
        void run() throws Exception;
    }

    /** A task scheduled on this connection: forgotten when it runs, cancelled when it closes. */
    private final class ConnectionTimer implements Scheduled, Runnable {
        private final Runnable task;
        private Scheduled inner;
        private boolean done;

        ConnectionTimer(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            done = true;
            if (timers != null) {
                timers.remove(this);
            }
            runTask(task);
        }

        @Override
        public boolean cancel() {
            boolean cancelled = inner.cancel();
            if (cancelled) {
                reactor.runOrPost(() -> {
                    if (timers != null) {
                        timers.remove(this);
                    }
                });
            }
            return cancelled;
        }
    }
}
