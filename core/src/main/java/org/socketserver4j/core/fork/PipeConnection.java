package org.socketserver4j.core.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.socketserver4j.core.engine.BlockingConnection;
import org.socketserver4j.core.engine.ReadGate;
import org.socketserver4j.core.handler.Server;

/**
 * The connection as a forked child sees it: its stdin and its real stdout (the parent relays
 * both to the socket). Timeouts are the parent's business: it watches the socket.
 */
final class PipeConnection implements BlockingConnection {

    private final InputStream in;
    private final OutputStream out;
    private final SocketAddress client;
    private final SocketAddress local;
    private final Server server;
    private final ReadGate readGate = new ReadGate();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicBoolean outputOpen = new AtomicBoolean(true);
    private final CountDownLatch closed = new CountDownLatch(1);

    PipeConnection(InputStream in, OutputStream out, SocketAddress client, SocketAddress local, Server server) {
        this.in = in;
        this.out = out;
        this.client = client;
        this.local = local;
        this.server = server;
    }

    @Override
    public InputStream inputStream() {
        return in;
    }

    @Override
    public OutputStream outputStream() {
        return out;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        // the parent enforces timeouts on the socket
    }

    @Override
    public void setNoDelay(boolean on) {
        // the parent's socket has TCP_NODELAY already
    }

    @Override
    public SocketAddress remoteAddress() {
        return client;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public synchronized void write(ByteBuffer data) {
        if (!outputOpen.get()) {
            data.position(data.limit());
            return;
        }
        try {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                data.position(data.limit());
            } else {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                out.write(copy);
            }
            out.flush();
        } catch (IOException parentGone) {
            data.position(data.limit());
            close();
        }
    }

    @Override
    public boolean isWritable() {
        return outputOpen.get();
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
        closed.await();
    }

    @Override
    public void shutdownOutput() {
        if (outputOpen.compareAndSet(true, false)) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the parent is gone; nothing to tell
            }
        }
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            shutdownOutput();
            readGate.close();
            closed.countDown();
        }
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public String toString() {
        return "connection " + client + " (forked child)";
    }
}
