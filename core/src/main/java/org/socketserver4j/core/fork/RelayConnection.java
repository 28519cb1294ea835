package org.socketserver4j.core.fork;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.EngineConnection;
import org.socketserver4j.core.engine.PeerCredentials;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.TaskScheduler;
import org.socketserver4j.core.engine.Timeouts;
import org.socketserver4j.core.engine.Watchdog;
import org.socketserver4j.core.handler.Scheduled;
import org.socketserver4j.core.tls.BlockingHandshake;
import org.socketserver4j.core.tls.TlsContext;
import org.socketserver4j.core.tls.TlsSessionInfo;
import org.socketserver4j.core.tls.TlsTransport;

/**
 * The parent's side of a forked connection: it keeps the socket and relays socket → child
 * stdin and child stdout → socket with 64 KiB buffers, each direction half-closed on its own.
 * It reads the socket from the start, while its child is still starting, so a client that
 * leaves is released at once in every state.
 * It enforces the server's timeouts with a watchdog timer, as a connection on a thread of its
 * own does: idle (no bytes either way), read (none from the client) and write (a write to the
 * client that makes no progress); on expiry it closes the socket, which wakes a blocked read or
 * write, and ends the child. Once the child has exited it records its status; a non-zero
 * status reaches the server's {@code handleError}.
 *
 * <p>On a TLS server the parent terminates TLS ({@link TlsTransport} over the blocking socket):
 * the handshake ({@link BlockingHandshake}) comes before the connection enters the pipeline, the
 * relay carries plaintext both ways, the client's close_notify is end of stream on the child's
 * stdin, and when the child closes its stdout the parent sends close_notify before it
 * half-closes the socket. The child gets the session in its header and never sees the key.
 */
final class RelayConnection extends EngineConnection {

    private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);
    private static final int BUFFER = 64 * 1024;
    private static final long EXIT_WAIT_MILLIS = 5000;

    private final SocketChannel channel;
    private final Timeouts timeouts;
    private final TaskScheduler scheduler;
    private final Watchdog watchdog;
    /** TLS between the socket and the relay, or {@code null} on a plain connection. */
    private final TlsTransport tls;
    /** The TLS session, once the handshake is done. */
    private volatile TlsSessionInfo tlsSession;
    private final Runnable onClosed;
    private final Consumer<CompletableFuture<Process>> onCancel;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile boolean dispatched;
    private volatile Process child;
    private volatile CompletableFuture<Process> pendingChild;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private OutputStream childInput; // guarded by pending
    private boolean clientEnded; // guarded by pending
    private long received;
    /** When bytes last came from the client (or the connection was accepted). */
    private volatile long lastRead = System.nanoTime();
    /** When a write to the client last made progress (or the connection was accepted). */
    private volatile long lastWrite = lastRead;
    /** Whether the relay is in a write to the client now: only then can a write time out. */
    private volatile boolean writing;
    private volatile boolean timedOut;
    private final AtomicBoolean exitRecorded = new AtomicBoolean();

    RelayConnection(SocketChannel channel, ServerHooks hooks, Timeouts timeouts, TlsContext tlsContext,
            TaskScheduler scheduler, Runnable onClosed, Consumer<CompletableFuture<Process>> onCancel)
            throws IOException {
        super(hooks, channel.getRemoteAddress(), channel.getLocalAddress());
        this.onCancel = onCancel;
        this.channel = channel;
        this.timeouts = timeouts;
        this.scheduler = scheduler;
        this.watchdog = new Watchdog(scheduler, this::checkTimeouts);
        this.onClosed = onClosed;
        // a blocking channel: the engine's delegated tasks run on the handshake's own thread
        this.tls = tlsContext == null ? null
                : new TlsTransport(channel, tlsContext.newEngine(), Runnable::run, () -> { });
    }

    /**
     * Runs the TLS handshake on a thread of its own, within {@code tlsContext}'s handshake
     * timeout; once it is done, the timeouts' clocks start and {@code then} runs (on that
     * thread). A handshake that fails or times out closes the connection: {@code then} never runs.
     */
    void startHandshake(TlsContext tlsContext, Runnable then) {
        BlockingHandshake.start(this, tls, tlsContext.handshakeTimeout(), scheduler, hooks.statistics().tls(),
                session -> {
                    tlsSession = session;
                    lastRead = System.nanoTime();
                    lastWrite = lastRead;
                    then.run();
                });
    }

    /** The TLS session the parent terminated; empty on a plain connection. */
    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    /** The server processes this connection (it was not refused): its close counts as closed. */
    void dispatch() {
        dispatched = true;
    }

    /** The child serving this connection, or {@code null} before it has one. */
    Process child() {
        return child;
    }

    /**
     * Serves the connection: starts reading the socket at once (so a client that leaves while
     * its child is still starting is noticed and released at once), waits for {@code child}
     * (woken when it is ready, or failed), sends it the header and the bytes that came
     * meanwhile, relays both ways until the child is done, records its exit status and
     * closes. Runs on a thread of its own.
     */
    void serve(CompletableFuture<Process> child, byte[] header) {
        pendingChild = child;
        armWatchdog();
        Thread up = Thread.ofVirtual().name("relay-up-" + remote).start(this::socketToChild);
        Process process;
        try {
            process = child.get();
        } catch (CancellationException | InterruptedException gone) {
            close();
            return;
        } catch (ExecutionException e) {
            if (open.get()) {
                hooks.handleError(this, e.getCause());
            }
            close();
            return;
        }
        this.child = process;
        OutputStream toChild = process.getOutputStream();
        try {
            synchronized (pending) {
                if (!open.get()) {
                    throw new IOException("the client left before its child was ready");
                }
                toChild.write(header);
                pending.writeTo(toChild);
                pending.reset();
                toChild.flush();
                if (clientEnded) {
                    toChild.close();
                }
                childInput = toChild;
                pending.notifyAll();
            }
            childToSocket(process.getInputStream());
            int status = awaitExit(process);
            up.join(TimeUnit.SECONDS.toMillis(1));
            report(status);
        } catch (IOException e) {
            log.debug("relay for {} ended: {}", remote, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /**
     * Socket to child. Until the child is ready the bytes are kept (at most 64 KiB; then
     * reading waits for the child, and TCP slows the client down). End of stream before any
     * byte while the child is not yet serving, or a reset at any time, means the client has
     * gone: the connection is released at once. End of stream after bytes is a half-close:
     * the child gets the bytes, then end of stream.
     */
    private void socketToChild() {
        OutputStream toChild = null;
        try {
            byte[] buffer = new byte[BUFFER];
            ByteBuffer into = ByteBuffer.wrap(buffer);
            while (true) {
                into.clear();
                int n = readSocket(into);
                if (n > 0) {
                    lastRead = System.nanoTime();
                    hooks.statistics().bytesRead(n);
                    received += n;
                }
                if (toChild == null) {
                    synchronized (pending) {
                        toChild = childInput;
                        if (toChild == null) {
                            if (n < 0) {
                                if (received == 0) {
                                    log.debug("{} left before its child was ready", remote);
                                    clientLeft();
                                } else {
                                    clientEnded = true;
                                }
                                return;
                            }
                            pending.write(buffer, 0, n);
                            while (pending.size() >= BUFFER && childInput == null && open.get()) {
                                pending.wait();
                            }
                            continue;
                        }
                    }
                }
                if (n < 0) {
                    toChild.close();
                    return;
                }
                toChild.write(buffer, 0, n);
                toChild.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (toChild == null) {
                // a reset, or the socket closed: the client has gone
                clientLeft();
            } else {
                // the socket closed, or the child stopped reading: the other direction decides
                closeQuietly(toChild);
                if (!isSocketError(e)) {
                    return;
                }
                clientLeft();
            }
        }
    }

    /**
     * Whether {@code e} came from the socket (a reset, a bad TLS record) rather than from the
     * child's pipe.
     */
    private boolean isSocketError(IOException e) {
        return !channel.isOpen() || e instanceof SSLException || String.valueOf(e.getMessage()).contains("reset");
    }

    /** The client has gone: release the connection, and its child whatever state it is in. */
    private void clientLeft() {
        if (open.get()) {
            close();
        }
    }

    private void childToSocket(InputStream fromChild) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = fromChild.read(buffer)) >= 0) {
            writing = true;
            if (timeouts.writeNanos() > 0) {
                // the write's clock starts now, and the watchdog fires by its deadline
                lastWrite = System.nanoTime();
                armWatchdog();
            }
            writeSocket(ByteBuffer.wrap(buffer, 0, n));
            lastWrite = System.nanoTime();
            writing = false;
            hooks.statistics().bytesWritten(n);
        }
        if (open.get()) {
            endOutput();
        }
    }

    /** Reads from the client: plaintext, through TLS on a TLS connection; -1 at its end. */
    private int readSocket(ByteBuffer into) throws IOException {
        return tls == null ? channel.read(into) : tls.read(into);
    }

    /** Writes all of {@code data} to the client (a blocking channel: TLS sends it all too). */
    private void writeSocket(ByteBuffer data) throws IOException {
        if (tls != null) {
            tls.write(data);
            return;
        }
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    /** Half-closes the socket, after TLS's close_notify on a TLS connection. */
    private void endOutput() throws IOException {
        if (tls != null) {
            tls.sendCloseNotify();
        }
        channel.shutdownOutput();
    }

    /** Schedules the next look at the timeouts, at the earliest time one can expire. */
    private void armWatchdog() {
        if (!timeouts.any() || !open.get()) {
            return;
        }
        watchdog.armBy(timeouts.nextDeadline(lastRead, lastWrite, writing));
        if (!open.get()) {
            watchdog.cancel();
        }
    }

    /** The watchdog: closes the connection if a timeout expired, else looks again later. */
    private void checkTimeouts() {
        if (!open.get()) {
            return;
        }
        CloseReason expired = timeouts.expired(System.nanoTime(), lastRead, lastWrite, writing);
        if (expired == null) {
            armWatchdog();
            return;
        }
        timedOut = true;
        hooks.statistics().connectionTimedOut();
        log.debug("closing {}: {}", remote, expired);
        close();
    }

    private int awaitExit(Process process) throws InterruptedException {
        if (process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        log.warn("child {} of {} closed its output but did not exit; ending it", process.pid(), remote);
        Children.end(process);
        return process.exitValue();
    }

    private void report(int status) {
        if (!exitRecorded.compareAndSet(false, true)) {
            return;
        }
        hooks.statistics().childExited(status);
        if (status != 0 && status != ChildMain.FATAL_ERROR && !timedOut && open.get()) {
            hooks.handleError(this, new ChildProcessException(child.pid(), status));
        }
    }

    /** Writes to the client directly; the child is the one that normally writes. */
    @Override
    public void write(ByteBuffer data) {
        try {
            writeSocket(data);
        } catch (IOException e) {
            data.position(data.limit());
            close();
        }
    }

    @Override
    public boolean isWritable() {
        return open.get();
    }

    @Override
    public void pauseReading() {
        // the child's pipe gives back-pressure: a child that stops reading stops the relay
    }

    @Override
    public void resumeReading() {
        // see pauseReading
    }

    /** The client's credentials, read from the socket: what the child's header carries. */
    @Override
    public Optional<UnixDomainPrincipal> peerCredentials() {
        return PeerCredentials.of(channel);
    }

    @Override
    public void shutdownOutput() {
        try {
            if (open.get()) {
                endOutput();
            }
        } catch (IOException e) {
            log.debug("shutdownOutput on {}: {}", remote, e.toString());
        }
    }

    /** Closes the socket and ends the child if it still runs; the one close path. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        watchdog.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {}", remote, e);
        }
        CompletableFuture<Process> waiting = pendingChild;
        if (waiting != null) {
            onCancel.accept(waiting);
        }
        // Wakes the reader if it waits for the child with a full buffer. Not on this thread:
        // the relay may hold the lock while it hands the kept bytes to a child that does not
        // read, and close must never wait for a child.
        Thread.ofVirtual().name("relay-wake-" + remote).start(() -> {
            synchronized (pending) {
                pending.notifyAll();
            }
        });
        Process running = child;
        if (running == null && waiting != null && waiting.isDone() && !waiting.isCompletedExceptionally()) {
            running = waiting.join();
        }
        if (running != null && running.isAlive()) {
            closeQuietly(running.getOutputStream());
            running.onExit().thenAccept(exited -> {
                if (exitRecorded.compareAndSet(false, true)) {
                    hooks.statistics().childExited(exited.exitValue());
                }
            });
            Children.endWithoutWaiting(running);
        }
        if (dispatched) {
            hooks.statistics().connectionClosed();
        }
        onClosed.run();
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    /**
     * Runs {@code task} on a virtual thread while the connection is open. Only the server's
     * pipeline hooks see this connection: the handler runs in the child, on its own lane.
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Thread.ofVirtual().name("relay-task").start(() -> {
            if (open.get()) {
                task.run();
            }
        });
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        var future = CompletableFuture.runAsync(() -> execute(task),
                CompletableFuture.delayedExecutor(Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS));
        return () -> future.cancel(false);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "connection " + remote;
    }
}
