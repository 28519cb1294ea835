package org.socketserver4j.core.reactor;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.loop.Reactor;
import org.socketserver4j.core.engine.ChannelOptions;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.Server;

/**
 * A non-blocking connection owned by one reactor for life. Reads go into the reactor's shared
 * buffer and straight to the handler; writes go to the socket directly and only what the
 * socket cannot take is queued (OP_WRITE is registered only then); queued buffers leave in
 * gathering writes, at most {@value #WRITE_SPIN_LIMIT} per turn so one connection cannot
 * starve the others. Every way a connection ends (end of stream, error, timeout, shutdown)
 * goes through one close path, {@link #closeNow}.
 */
final class ReactorConnection implements Connection, Reactor.Selectable, Reactor.KeyHolder {

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
    private final ServerHooks hooks;
    private final EngineSettings settings;
    private final Runnable onClosed;
    private final SocketAddress remote;
    private final SocketAddress local;

    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private final Queue<ByteBuffer> fromOtherThreads = new ConcurrentLinkedQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean flushPosted = new AtomicBoolean();

    private volatile boolean open = true;
    private volatile boolean writable = true;
    private EventHandler handler;
    private SelectionKey key;
    private boolean reportedWritable = true;
    private boolean readPaused;
    private boolean inputClosed;
    private boolean outputShutdownRequested;
    private boolean outputShut;
    private boolean closeRequested;
    private boolean dispatched;
    private long lastRead;
    private long lastWrite;
    private Reactor.Timer timeoutTimer;
    private long timerDeadline;
    private volatile CloseReason closeReason;

    ReactorConnection(Reactor reactor, SocketChannel channel, ServerHooks hooks,
            EngineSettings settings, Runnable onClosed) throws IOException {
        this.reactor = reactor;
        this.channel = channel;
        this.hooks = hooks;
        this.settings = settings;
        this.onClosed = onClosed;
        this.remote = channel.getRemoteAddress();
        this.local = channel.getLocalAddress();
    }

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
        this.dispatched = true;
        try {
            key = reactor.register(channel, readPaused ? 0 : SelectionKey.OP_READ, this);
        } catch (IOException e) {
            closeNow(CloseReason.IO_ERROR, e);
            return;
        }
        lastRead = reactor.now();
        lastWrite = lastRead;
        armTimeouts();
        if (invoke(() -> handler.onOpen(this))) {
            updateInterest();
            flush();
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public Server server() {
        return hooks.server();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    /** Sets TCP_NODELAY where the transport has it; safe from any thread. */
    void setNoDelay(boolean on) {
        ChannelOptions.setIfSupported(channel, StandardSocketOptions.TCP_NODELAY, on);
    }

    /** Bytes queued and not yet sent. */
    long pendingBytes() {
        return pendingBytes.get();
    }

    @Override
    public void write(ByteBuffer data) {
        if (!open || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        if (reactor.inEventLoop() && fromOtherThreads.isEmpty()) {
            writeOnLoop(data);
            return;
        }
        ByteBuffer copy = copyOf(data);
        addPending(copy.remaining());
        fromOtherThreads.add(copy);
        if (flushPosted.compareAndSet(false, true)) {
            reactor.execute(() -> {
                flushPosted.set(false);
                flush();
            });
        }
    }

    private void writeOnLoop(ByteBuffer data) {
        if (closeRequested || outputShutdownRequested) {
            data.position(data.limit());
            return;
        }
        if (outbound.isEmpty() && !outputShut && (key == null || !writeInterest())) {
            try {
                int n = key == null ? 0 : channel.write(data);
                if (n > 0) {
                    sent(n);
                }
            } catch (IOException e) {
                data.position(data.limit());
                closeNow(CloseReason.IO_ERROR, e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        ByteBuffer copy = copyOf(data);
        addPending(copy.remaining());
        boolean wasEmpty = outbound.isEmpty();
        outbound.add(copy);
        if (key != null) {
            if (!writeInterest()) {
                hooks.statistics().writeStalled();
            }
            setWriteInterest(true);
            if (wasEmpty) {
                lastWrite = reactor.now();
                armWriteTimeout();
            }
        }
        reportWritability();
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        return copy;
    }

    private void addPending(long n) {
        if (pendingBytes.addAndGet(n) > settings.highWatermark()) {
            writable = false;
        }
    }

    private void sent(long n) {
        hooks.statistics().bytesWritten(n);
        lastWrite = reactor.now();
    }

    /** Sends what is queued, as far as the socket takes it; reactor thread only. */
    private void flush() {
        if (!open || key == null) {
            return;
        }
        ByteBuffer moved;
        while ((moved = fromOtherThreads.poll()) != null) {
            outbound.add(moved);
        }
        try {
            int turns = 0;
            while (!outbound.isEmpty() && turns++ < WRITE_SPIN_LIMIT) {
                long n = gatherWrite();
                if (n == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            closeNow(CloseReason.IO_ERROR, e);
            return;
        }
        if (!outbound.isEmpty()) {
            if (!writeInterest()) {
                hooks.statistics().writeStalled();
            }
            setWriteInterest(true);
            armWriteTimeout();
        } else {
            setWriteInterest(false);
            finishPendingClose();
        }
        reportWritability();
    }

    private long gatherWrite() throws IOException {
        ByteBuffer[] scratch = reactor.gatherScratch();
        int count = 0;
        for (ByteBuffer buffer : outbound) {
            if (count == scratch.length) {
                break;
            }
            scratch[count++] = buffer;
        }
        long n = channel.write(scratch, 0, count);
        Arrays.fill(scratch, 0, count, null);
        if (n > 0) {
            pendingBytes.addAndGet(-n);
            sent(n);
            while (!outbound.isEmpty() && !outbound.peek().hasRemaining()) {
                outbound.poll();
            }
        }
        return n;
    }

    private void finishPendingClose() {
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

    private void reportWritability() {
        if (!writable && pendingBytes.get() < settings.lowWatermark()) {
            writable = true;
        }
        boolean now = writable;
        if (now != reportedWritable && open && handler != null) {
            reportedWritable = now;
            invoke(() -> handler.onWritabilityChanged(this, now));
        }
    }

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
        });
    }

    @Override
    public void shutdownOutput() {
        reactor.runOrPost(() -> {
            if (!open) {
                return;
            }
            outputShutdownRequested = true;
            if (key == null) {
                closeNow(CloseReason.LOCAL, null);
            } else if (outbound.isEmpty() && fromOtherThreads.isEmpty()) {
                finishPendingClose();
            } else {
                flush();
            }
        });
    }

    @Override
    public void close() {
        reactor.runOrPost(() -> {
            if (!open) {
                return;
            }
            closeRequested = true;
            if (key == null || (outbound.isEmpty() && fromOtherThreads.isEmpty())) {
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

    @Override
    public void onReady(SelectionKey ready) {
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
        for (int i = 0; i < READS_PER_TURN && open && !readPaused && !inputClosed; i++) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                closeNow(CloseReason.IO_ERROR, e);
                return;
            }
            if (n > 0) {
                hooks.statistics().bytesRead(n);
                lastRead = reactor.now();
                buffer.flip();
                long start = System.nanoTime();
                boolean stillOpen = invoke(() -> handler.onData(this, buffer));
                hooks.statistics().handlerRan(System.nanoTime() - start);
                if (!stillOpen) {
                    return;
                }
                if (n < buffer.capacity()) {
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

    /** Arms the one timer of this connection at the earliest timeout deadline, if any. */
    private void armTimeouts() {
        long deadline = nextDeadline();
        if (deadline == Long.MAX_VALUE || !open) {
            return;
        }
        timerDeadline = deadline;
        timeoutTimer = reactor.schedule(this::checkTimeouts, deadline - reactor.now());
    }

    /** Output just became pending: make sure the timer fires by the write deadline. */
    private void armWriteTimeout() {
        long write = settings.writeTimeout().toNanos();
        if (write > 0 && (timeoutTimer == null || timerDeadline - (lastWrite + write) > 0)) {
            if (timeoutTimer != null) {
                timeoutTimer.cancel();
            }
            armTimeouts();
        }
    }

    private long nextDeadline() {
        long deadline = Long.MAX_VALUE;
        long idle = settings.idleTimeout().toNanos();
        long read = settings.readTimeout().toNanos();
        long write = settings.writeTimeout().toNanos();
        if (idle > 0) {
            deadline = Math.min(deadline, Math.max(lastRead, lastWrite) + idle);
        }
        if (read > 0) {
            deadline = Math.min(deadline, lastRead + read);
        }
        if (write > 0 && !outbound.isEmpty()) {
            deadline = Math.min(deadline, lastWrite + write);
        }
        return deadline;
    }

    private void checkTimeouts() {
        timeoutTimer = null;
        if (!open) {
            return;
        }
        long now = reactor.now();
        CloseReason expired = null;
        long idle = settings.idleTimeout().toNanos();
        long read = settings.readTimeout().toNanos();
        long write = settings.writeTimeout().toNanos();
        if (idle > 0 && now - Math.max(lastRead, lastWrite) >= idle) {
            expired = CloseReason.IDLE_TIMEOUT;
        } else if (read > 0 && now - lastRead >= read) {
            expired = CloseReason.READ_TIMEOUT;
        } else if (write > 0 && !outbound.isEmpty() && now - lastWrite >= write) {
            expired = CloseReason.WRITE_TIMEOUT;
        }
        if (expired == null) {
            armTimeouts();
            return;
        }
        hooks.statistics().connectionTimedOut();
        log.debug("closing {}: {}", remote, expired);
        closeNow(expired, null);
    }

    /** Runs a handler callback; on an exception reports it and closes. Returns whether open. */
    private boolean invoke(HandlerCall call) {
        try {
            call.run();
        } catch (Exception e) {
            hooks.handleError(this, e);
            closeNow(CloseReason.HANDLER_ERROR, e);
        } catch (Error e) {
            log.error("fatal error in the handler of {}; connection closed", remote, e);
            closeNow(CloseReason.HANDLER_ERROR, e);
        }
        return open;
    }

    /** The one close path: releases the socket, the buffers, the timer and the permit. */
    private void closeNow(CloseReason reason, Throwable cause) {
        if (!open) {
            return;
        }
        open = false;
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
        outbound.clear();
        fromOtherThreads.clear();
        pendingBytes.set(0);
        closeReason = reason;
        if (dispatched) {
            hooks.statistics().connectionClosed();
            EventHandler h = handler;
            try {
                h.onClose(this);
            } catch (Exception e) {
                hooks.handleError(this, e);
            } catch (Error e) {
                log.error("fatal error in the close handler of {}", remote, e);
            }
        }
        onClosed.run();
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
}
