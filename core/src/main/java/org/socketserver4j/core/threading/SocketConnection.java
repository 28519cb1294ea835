package org.socketserver4j.core.threading;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.BlockingConnection;
import org.socketserver4j.core.engine.ChannelOptions;
import org.socketserver4j.core.engine.ReadGate;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Server;

/**
 * A connection served by a thread of its own: a blocking socket. Reads wait at most the read
 * timeout (the server's idle timeout unless the handler sets one); writes block until the
 * kernel takes the bytes. {@link #close()} from any thread wakes a blocked reader.
 */
final class SocketConnection implements BlockingConnection {

    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);

    private final SocketChannel channel;
    private final ServerHooks hooks;
    private final Duration idleTimeout;
    private final Runnable onClosed;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final InputStream input;
    private final OutputStream output;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReadGate readGate = new ReadGate();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** {@link #ACCEPTED}, {@link #DISPATCHED} or {@link #ENDED}: decides who counts the end. */
    private final AtomicInteger phase = new AtomicInteger(ACCEPTED);
    private static final int ACCEPTED = 0;
    private static final int DISPATCHED = 1;
    private static final int ENDED = 2;

    SocketConnection(SocketChannel channel, ServerHooks hooks, Duration idleTimeout,
            Runnable onClosed) throws IOException {
        this.channel = channel;
        this.hooks = hooks;
        this.idleTimeout = idleTimeout;
        this.onClosed = onClosed;
        this.remote = channel.getRemoteAddress();
        this.local = channel.getLocalAddress();
        this.input = new CountingInput(channel.socket().getInputStream());
        this.output = new CountingOutput(channel.socket().getOutputStream());
        setReadTimeout(null);
    }

    /**
     * Marks the connection as handed to a handler: its close then counts as closed. Returns
     * false when it was closed first (the server closing): it is then counted as closed here,
     * once, and must not be served.
     */
    boolean dispatched() {
        if (phase.compareAndSet(ACCEPTED, DISPATCHED)) {
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
    boolean undispatched() {
        return phase.compareAndSet(DISPATCHED, ACCEPTED);
    }

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
        Duration effective = timeout == null || timeout.isZero() ? idleTimeout : timeout;
        try {
            channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, effective.toMillis()));
        } catch (IOException e) {
            log.debug("cannot set the read timeout on {}", remote, e);
        }
    }

    @Override
    public void setNoDelay(boolean on) {
        ChannelOptions.setIfSupported(channel, StandardSocketOptions.TCP_NODELAY, on);
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

    /** Writes all of {@code data}, blocking; a failed write closes the connection. */
    @Override
    public void write(ByteBuffer data) {
        if (!open.get()) {
            data.position(data.limit());
            return;
        }
        writeLock.lock();
        try {
            while (data.hasRemaining()) {
                int n = channel.write(data);
                hooks.statistics().bytesWritten(n);
            }
        } catch (IOException e) {
            data.position(data.limit());
            log.debug("write to {} failed: {}", remote, e.toString());
            close();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean isWritable() {
        return open.get();
    }

    @Override
    public void pauseReading() {
        readGate.pause();
    }

    @Override
    public void resumeReading() {
        readGate.resume();
    }

    @Override
    public void awaitReadingAllowed() throws InterruptedException {
        readGate.awaitOpen();
    }

    @Override
    public void awaitClosed() throws InterruptedException {
        long millis = idleTimeout.toMillis();
        if (millis == 0) {
            closed.await();
        } else if (!closed.await(millis, TimeUnit.MILLISECONDS)) {
            hooks.statistics().connectionTimedOut();
            close();
        }
    }

    @Override
    public void shutdownOutput() {
        if (!open.get()) {
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            log.debug("shutdownOutput on {}: {}", remote, e.toString());
        }
    }

    /** Closes the socket (a blocked reader wakes with an exception); the one close path. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {}", remote, e);
        }
        readGate.close();
        closed.countDown();
        if (phase.getAndSet(ENDED) == DISPATCHED) {
            hooks.statistics().connectionClosed();
        }
        onClosed.run();
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public String toString() {
        return "connection " + remote;
    }

    private final class CountingInput extends FilterInputStream {
        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    hooks.statistics().bytesRead(n);
                }
                return n;
            } catch (SocketTimeoutException e) {
                hooks.statistics().connectionTimedOut();
                throw e;
            }
        }
    }

    private final class CountingOutput extends FilterOutputStream {
        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            hooks.statistics().bytesWritten(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeLock.lock();
            try {
                out.write(b, off, len);
            } finally {
                writeLock.unlock();
            }
            hooks.statistics().bytesWritten(len);
        }
    }
}
