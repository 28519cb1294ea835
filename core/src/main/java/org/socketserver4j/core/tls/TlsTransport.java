package org.socketserver4j.core.tls;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over one {@link SocketChannel}, blocking or not: an {@link SSLEngine} between the
 * channel's ciphertext and the plaintext a connection reads and writes. Every engine uses it,
 * the reactors on non-blocking channels and the thread-per-connection and forking relay on
 * blocking ones; the channel's mode decides how a step that cannot go on is reported.
 *
 * <p><b>Sides.</b> The read side ({@link #read}, {@link #handshake}) is used by one thread at a
 * time: the connection's reading thread. The write side ({@link #write}, {@link #flush},
 * {@link #closeOutbound}) is guarded by a lock of its own, so a writer on any thread and the
 * reader (when the engine must answer, as with a TLS 1.3 key update or a close) never wrap at
 * once; {@code SSLEngine} allows one wrap and one unwrap to run together.
 *
 * <p><b>Buffers.</b> Ciphertext read but not yet unwrapped ({@code netIn}, at most a record
 * beyond what was asked for) and ciphertext wrapped but not yet sent ({@code netOut}, one
 * record): a writer wraps no more until the socket has taken the last record, so queued output
 * is counted by the caller in plaintext and the ciphertext held here is bounded. Plaintext is
 * unwrapped straight into the caller's buffer when it has room for a record, else into
 * {@code appIn} and handed out from there. The buffers come from a {@link TlsBuffers}: a
 * reactor's are lent and go back whenever they are empty, so an idle connection holds none.
 *
 * <p><b>Handshake.</b> {@link #handshake} runs it to the end before any application data: on a
 * non-blocking channel it returns what it waits for (readable, writable, or delegated tasks,
 * which run on the executor given, never on the I/O thread, and are reported done through
 * the callback). After it, a TLS 1.2 client that starts a new handshake (renegotiation) is
 * refused: the read fails with {@link SSLException}. TLS 1.3 post-handshake messages (key
 * update, session tickets) are answered.
 */
public final class TlsTransport {

    /** What a non-blocking {@link #handshake} waits for. */
    public enum Step {
        /** The handshake is done: application data may flow. */
        DONE,
        /** It needs bytes from the peer: wait until the channel is readable. */
        NEED_READ,
        /** It has bytes for the peer the socket did not take: wait until it is writable. */
        NEED_WRITE,
        /** Delegated tasks are running; the task callback says when they are done. */
        TASKS
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final Executor taskExecutor;
    private final Runnable tasksDone;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The array {@link #write(ByteBuffer)} wraps from; under the write lock. */
    private final ByteBuffer[] single = new ByteBuffer[1];

    // read side
    private final TlsBuffers buffers;
    /** The largest record, ciphertext, and the largest plaintext one brings: the session's, read once. */
    private final int recordBytes;
    private final int appBytes;
    /** Ciphertext read, not yet unwrapped (write mode); {@code null} while lent back empty. */
    private ByteBuffer netIn;
    /** Plaintext unwrapped, not yet read (write mode); {@code null} while lent back empty. */
    private ByteBuffer appIn;
    private boolean inboundClosed;
    private boolean handshakeBegun;
    private volatile boolean handshakeDone;
    private volatile boolean tasksRunning;

    // write side (under writeLock)
    /** Ciphertext wrapped, not yet sent (read mode); {@code null} while lent back empty. */
    private volatile ByteBuffer netOut;
    /** The engine has something to send that no write asked for (handshake, key update, close). */
    private volatile boolean wrapWanted;
    private volatile boolean outboundClosed;

    /**
     * Makes the transport; nothing is sent or read until {@link #handshake}.
     *
     * @param channel the connected channel, blocking or not
     * @param engine a server-mode engine, not yet used
     * @param taskExecutor runs the engine's delegated tasks (a blocking transport may pass
     *     {@code Runnable::run}: its thread is not an I/O thread)
     * @param tasksDone called on the executor's thread once a batch of tasks has run
     */
    public TlsTransport(SocketChannel channel, SSLEngine engine, Executor taskExecutor, Runnable tasksDone) {
        this(channel, engine, taskExecutor, tasksDone, TlsBuffers.KEPT);
    }

    /**
     * Makes the transport with its buffers from {@code buffers}; nothing is sent or read until
     * {@link #handshake}.
     */
    public TlsTransport(SocketChannel channel, SSLEngine engine, Executor taskExecutor, Runnable tasksDone,
            TlsBuffers buffers) {
        this.buffers = Objects.requireNonNull(buffers, "buffers");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.taskExecutor = Objects.requireNonNull(taskExecutor, "taskExecutor");
        this.tasksDone = Objects.requireNonNull(tasksDone, "tasksDone");
        SSLSession session = engine.getSession();
        this.recordBytes = session.getPacketBufferSize();
        this.appBytes = session.getApplicationBufferSize();
    }

    /** netIn, taken if it was lent back. */
    private ByteBuffer netIn() {
        if (netIn == null) {
            netIn = buffers.take(recordBytes);
        }
        return netIn;
    }

    /** Lends back netIn and appIn where they are empty; read side. */
    private void releaseInput() {
        if (netIn != null && netIn.position() == 0 && buffers.give(netIn)) {
            netIn = null;
        }
        if (appIn != null && appIn.position() == 0 && buffers.give(appIn)) {
            appIn = null;
        }
    }

    /** netOut, taken (empty, read mode) if it was lent back; under the write lock. */
    private ByteBuffer netOut() {
        ByteBuffer out = netOut;
        if (out == null) {
            out = buffers.take(recordBytes);
            out.flip();
            netOut = out;
        }
        return out;
    }

    /** Lends back netOut when it is empty; under the write lock. */
    private void releaseOutput() {
        ByteBuffer out = netOut;
        if (out != null && !out.hasRemaining() && buffers.give(out)) {
            netOut = null;
        }
    }

    /** Whether the handshake has finished. */
    public boolean handshakeDone() {
        return handshakeDone;
    }

    /** The engine, for the session's details once the handshake is done. */
    public SSLEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ handshake

    /**
     * Runs the handshake as far as it can go. On a blocking channel it returns only when done
     * ({@link Step#DONE}) or failed; on a non-blocking one it may return what it waits for.
     * Read side only.
     *
     * @throws SSLException when the handshake fails (the alert is sent where the socket takes it)
     * @throws EOFException when the peer closes during the handshake
     */
    public Step handshake() throws IOException {
        if (handshakeDone) {
            return Step.DONE;
        }
        if (!handshakeBegun) {
            handshakeBegun = true;
            engine.beginHandshake();
        }
        try {
            return handshakeSteps();
        } finally {
            releaseInput();
        }
    }

    private Step handshakeSteps() throws IOException {
        try {
            while (true) {
                if (!flush()) {
                    return Step.NEED_WRITE;
                }
                if (tasksRunning) {
                    return Step.TASKS;
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> {
                        if (runTasks()) {
                            return Step.TASKS;
                        }
                    }
                    case NEED_WRAP -> wrapWanted = true; // flush() at the top of the loop wraps
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrapHandshake()) {
                            return Step.NEED_READ;
                        }
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        if (!flush()) {
                            return Step.NEED_WRITE;
                        }
                        handshakeDone = true;
                        return Step.DONE;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    /** One unwrap during the handshake; false when more bytes are needed and none came yet. */
    private boolean unwrapHandshake() throws IOException {
        netIn().flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn());
        } finally {
            netIn.compact();
        }
        switch (result.getStatus()) {
            case OK -> {
                return true;
            }
            case BUFFER_OVERFLOW -> {
                appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                return readCiphertext();
            }
            default -> throw new EOFException("the peer closed during the TLS handshake");
        }
    }

    /** Sends what the engine has to say after a failure (its alert), as far as the socket takes it. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            wrapWanted = true;
            flush();
        } catch (IOException | RuntimeException ignored) {
            // the handshake's failure is what the caller reports
        }
    }

    /**
     * Runs the engine's delegated tasks: here on a blocking channel (its thread is not an I/O
     * thread), else on the executor, and then returns true: the callback says when they are done.
     */
    private boolean runTasks() {
        Runnable task = engine.getDelegatedTask();
        if (task == null) {
            return false;
        }
        if (channel.isBlocking()) {
            do {
                task.run();
                task = engine.getDelegatedTask();
            } while (task != null);
            return false;
        }
        tasksRunning = true;
        Runnable first = task;
        taskExecutor.execute(() -> {
            try {
                Runnable next = first;
                while (next != null) {
                    next.run();
                    next = engine.getDelegatedTask();
                }
            } finally {
                tasksRunning = false;
                tasksDone.run();
            }
        });
        return true;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads plaintext into {@code dst}: the records already read and, if none, one read of the
     * channel. Read side only.
     *
     * @return bytes read; 0 when none can be had now (non-blocking: wait until readable,
     *     unless {@link #wantsWrite()} or tasks run); -1 once the peer closed (its close_notify,
     *     or end of stream)
     * @throws SSLException on a bad record or a refused renegotiation
     */
    public int read(ByteBuffer dst) throws IOException {
        try {
            return readRecords(dst);
        } finally {
            releaseInput();
        }
    }

    private int readRecords(ByteBuffer dst) throws IOException {
        if (appIn != null && appIn.position() > 0) {
            return drainAppIn(dst);
        }
        if (inboundClosed) {
            return -1;
        }
        netIn();
        int total = 0;
        boolean viaAppIn = false;
        while (true) {
            if (netIn.position() > 0) {
                boolean direct = !viaAppIn && dst.remaining() >= appBytes;
                if (total > 0 && !direct) {
                    return total;
                }
                ByteBuffer target = direct ? dst : appIn();
                int before = target.position();
                netIn.flip();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(netIn, target);
                } finally {
                    netIn.compact();
                }
                int produced = target.position() - before;
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inboundClosed = true; // the peer's close_notify
                    if (result.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        wrapWanted = true; // TLS 1.2 answers it with its own
                        answer();
                    }
                    return total > 0 ? total : -1;
                }
                afterDataUnwrap(result.getHandshakeStatus());
                switch (result.getStatus()) {
                    case OK -> {
                        if (produced > 0) {
                            if (!direct) {
                                return drainAppIn(dst);
                            }
                            total += produced;
                            continue;
                        }
                        if (result.bytesConsumed() > 0) {
                            continue; // a record with no application data (a ticket, a key update)
                        }
                        if (tasksRunning || total > 0) {
                            return total;
                        }
                    }
                    case BUFFER_OVERFLOW -> {
                        if (total > 0) {
                            return total;
                        }
                        viaAppIn = true;
                        if (!direct) {
                            appIn = grow(appIn, engine.getSession().getApplicationBufferSize() + appIn.position());
                        }
                        continue;
                    }
                    default -> {
                        if (total > 0) {
                            return total; // BUFFER_UNDERFLOW: the rest of a record is to come
                        }
                    }
                }
            } else if (total > 0) {
                return total;
            }
            if (!readCiphertext()) {
                return inboundClosed ? -1 : 0;
            }
        }
    }

    /**
     * Whether records already read wait here: a reactor that stops reading for fairness must
     * come back for them, as no readiness event will say so.
     */
    public boolean hasBufferedInput() {
        return (netIn != null && netIn.position() > 0) || (appIn != null && appIn.position() > 0);
    }

    /**
     * After an unwrap of application data: answers what the engine must send, and refuses a
     * TLS 1.2 renegotiation.
     */
    private void afterDataUnwrap(HandshakeStatus status) throws IOException {
        switch (status) {
            case NOT_HANDSHAKING, FINISHED -> { }
            case NEED_WRAP -> {
                refuseRenegotiation();
                wrapWanted = true;
                answer();
            }
            case NEED_TASK -> {
                refuseRenegotiation();
                runTasks();
            }
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> refuseRenegotiation();
        }
    }

    private void refuseRenegotiation() throws SSLException {
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            throw new SSLException("client-initiated renegotiation refused");
        }
    }

    /**
     * Sends what the engine must answer from the read side: a blocking channel waits for the
     * write lock; a non-blocking one only tries it, since the lock's holder flushes what is
     * wanted before it lets go (and the caller's flush gets the rest).
     */
    private void answer() throws IOException {
        if (channel.isBlocking()) {
            flush();
        } else if (writeLock.tryLock()) {
            try {
                flushLocked();
            } finally {
                releaseOutput();
                writeLock.unlock();
            }
        }
    }

    /** Reads ciphertext into netIn; false when none came (non-blocking); EOF ends the inbound. */
    private boolean readCiphertext() throws IOException {
        if (!netIn().hasRemaining()) {
            netIn = grow(netIn, engine.getSession().getPacketBufferSize() + netIn.position());
        }
        int n = channel.read(netIn);
        if (n < 0) {
            inboundClosed = true;
            if (!handshakeDone) {
                throw new EOFException("the peer closed during the TLS handshake");
            }
            try {
                engine.closeInbound(); // end of stream without close_notify: a truncation
            } catch (SSLException truncated) {
                // reported as end of stream: what the peer sent up to here was whole records
            }
            return false;
        }
        return n > 0;
    }

    private int drainAppIn(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(dst.remaining(), appIn.remaining());
        ByteBuffer slice = appIn.slice(appIn.position(), n);
        dst.put(slice);
        appIn.position(appIn.position() + n);
        appIn.compact();
        return n;
    }

    private ByteBuffer appIn() {
        if (appIn == null) {
            appIn = buffers.take(appBytes);
        }
        return appIn;
    }

    /** Whether the peer has closed its side (close_notify or end of stream). */
    public boolean inboundClosed() {
        return inboundClosed;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Encrypts and sends plaintext from {@code srcs}, as much as the socket takes: after each
     * record is wrapped it must be sent before the next is, so a non-blocking channel that is
     * full stops the write (the caller waits until writable, then calls {@link #flush} and
     * writes again). A blocking channel sends it all. Any thread, one at a time.
     *
     * @return plaintext bytes consumed from {@code srcs}
     * @throws java.net.SocketException once the output is closed
     */
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        writeLock.lock();
        try {
            return wrapAndSend(srcs, offset, length);
        } finally {
            releaseOutput();
            writeLock.unlock();
        }
    }

    private long wrapAndSend(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long consumed = 0;
        if (!flushLocked()) {
            return 0; // the ciphertext of earlier writes goes first
        }
        int record = recordBytes;
        while (hasRemaining(srcs, offset, length)) {
            if (outboundClosed) {
                throw new java.net.SocketException("the TLS output is closed");
            }
            if (netOut().capacity() - netOut.remaining() < record && (!flushLocked() || netOut.capacity() < record)) {
                break; // the socket is full: no more is wrapped until it has taken these
            }
            netOut.compact();
            SSLEngineResult result;
            try {
                result = engine.wrap(srcs, offset, length, netOut);
            } finally {
                netOut.flip();
            }
            consumed += result.bytesConsumed();
            switch (result.getStatus()) {
                case OK -> { }
                case BUFFER_OVERFLOW -> netOut = growOut(engine.getSession().getPacketBufferSize());
                case CLOSED -> {
                    outboundClosed = true;
                    throw new java.net.SocketException("the TLS output is closed");
                }
                case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap reported underflow");
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrapWanted = true;
            }
        }
        flushLocked();
        return consumed;
    }

    /** {@link #write(ByteBuffer[], int, int)} of one buffer, without an array per call. */
    public long write(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            single[0] = src;
            return wrapAndSend(single, 0, 1);
        } finally {
            single[0] = null;
            releaseOutput();
            writeLock.unlock();
        }
    }

    /**
     * Sends the ciphertext waiting here, and what the engine wants to send of its own.
     *
     * @return true when nothing is left waiting; false when the (non-blocking) socket is full
     */
    public boolean flush() throws IOException {
        writeLock.lock();
        try {
            return flushLocked();
        } finally {
            releaseOutput();
            writeLock.unlock();
        }
    }

    private boolean flushLocked() throws IOException {
        if (netOut == null && !wrapWanted) {
            return true;
        }
        netOut();
        while (true) {
            while (netOut.hasRemaining()) {
                if (channel.write(netOut) == 0) {
                    return false;
                }
            }
            if (!wrapWanted) {
                return true;
            }
            wrapWanted = false;
            netOut.compact();
            SSLEngineResult result;
            try {
                result = engine.wrap(EMPTY, netOut);
            } finally {
                netOut.flip();
            }
            HandshakeStatus status = result.getHandshakeStatus();
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = growOut(engine.getSession().getPacketBufferSize());
                wrapWanted = true;
            } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                outboundClosed = true;
                wrapWanted = !engine.isOutboundDone();
            } else if (status == HandshakeStatus.NEED_WRAP) {
                wrapWanted = true;
            }
        }
    }

    /** Whether ciphertext waits here or the engine wants to send: the caller must flush. */
    public boolean wantsWrite() {
        ByteBuffer out = netOut;
        return wrapWanted || (out != null && out.hasRemaining());
    }

    /**
     * Ends the output with a close_notify, which the next {@link #flush} sends (the caller
     * then half-closes or closes the socket). Any thread.
     */
    public void closeOutbound() {
        writeLock.lock();
        try {
            if (!outboundClosed) {
                outboundClosed = true;
                engine.closeOutbound();
                wrapWanted = true;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ends the output with a close_notify and sends it ({@link #closeOutbound}, then
     * {@link #flush}): what every engine does before it half-closes or closes the socket. A
     * connection whose handshake is not done has no TLS output to end. Any thread.
     *
     * @return true once it is sent (or there was nothing to end); false when the non-blocking
     *     socket is full: flush again once it is writable
     */
    public boolean sendCloseNotify() throws IOException {
        if (!handshakeDone) {
            return true;
        }
        closeOutbound();
        return flush();
    }

    // ------------------------------------------------------------------ helpers

    private ByteBuffer growOut(int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, netOut.capacity() * 2));
        bigger.put(netOut);
        bigger.flip();
        return bigger;
    }

    /** A buffer in write mode with room for {@code capacity} bytes, holding what {@code b} held. */
    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, b.capacity() * 2));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
