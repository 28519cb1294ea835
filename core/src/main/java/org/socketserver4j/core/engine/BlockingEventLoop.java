package org.socketserver4j.core.engine;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.EventHandler;

/**
 * Drives an event handler on a connection's own thread: read, call {@code onData} in the
 * connection's lane, repeat, until end of stream, a timeout, an error or a close. Reads go into
 * a buffer that starts small and grows while reads fill it (and shrinks back when they stop),
 * so an idle connection holds little. {@code onClose} runs exactly once.
 *
 * <p>An idle connection's thread is parked in a read, and a parked virtual thread keeps its
 * stack on the heap, every frame of it: so the loop is the thread's task itself and reads the
 * connection's buffer straight ({@link StreamConnection#read(ByteBuffer)}), and handing the
 * bytes to the handler allocates nothing (one buffer object per buffer size, one call object).
 */
public final class BlockingEventLoop implements Runnable {

    /**
     * The read buffer's first and smallest size: what an idle connection's parked read holds.
     * A connection that brings more fills it, and it doubles with each full read.
     */
    static final int MIN_BUFFER = 128;
    /** The read buffer's largest size. */
    static final int MAX_BUFFER = 64 * 1024;
    private static final int SMALL_READS_BEFORE_SHRINK = 16;

    private final StreamConnection connection;
    private final EventHandler handler;
    private final ServerHooks hooks;
    /** The bytes of the last read, for {@link #onData}. */
    private ByteBuffer data;
    private final StreamConnection.HandlerCall onData = this::onData;

    /** A loop that feeds {@code connection}'s bytes to {@code handler}. */
    public BlockingEventLoop(StreamConnection connection, EventHandler handler, ServerHooks hooks) {
        this.connection = connection;
        this.handler = handler;
        this.hooks = hooks;
    }

    /** Made on first use, so a forked child that logs nothing starts no logging back-end. */
    private static Logger log() {
        return LoggerFactory.getLogger(BlockingEventLoop.class);
    }

    /**
     * Runs until the connection ends, then closes it; an {@link Error} propagates after the
     * close. The read loop is inline, not a method of its own: one frame less on the stack a
     * parked thread keeps.
     */
    @Override
    public void run() {
        connection.attach(handler);
        try {
            if (!connection.callback(() -> handler.onOpen(connection))) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate(MIN_BUFFER);
            int smallReads = 0;
            while (connection.isOpen()) {
                connection.awaitReadingAllowed();
                if (!connection.isOpen()) {
                    return;
                }
                buffer.clear();
                int n = connection.read(buffer);
                if (n < 0) {
                    if (connection.callback(() -> handler.onInputClosed(connection))) {
                        connection.awaitClosed();
                    }
                    return;
                }
                if (n == 0) {
                    continue;
                }
                data = buffer.flip();
                long start = System.nanoTime();
                try {
                    connection.callback(onData);
                } finally {
                    data = null;
                    hooks.statistics().handlerRan(System.nanoTime() - start);
                }
                if (n == buffer.capacity() && buffer.capacity() < MAX_BUFFER) {
                    buffer = ByteBuffer.allocate(buffer.capacity() * 2);
                    smallReads = 0;
                } else if (n <= buffer.capacity() / 4 && buffer.capacity() > MIN_BUFFER
                        && ++smallReads >= SMALL_READS_BEFORE_SHRINK) {
                    buffer = ByteBuffer.allocate(buffer.capacity() / 2);
                    smallReads = 0;
                }
            }
        } catch (SocketTimeoutException e) {
            log().debug("closing {}: read timeout", connection.remoteAddress());
            connection.closeNow(CloseReason.READ_TIMEOUT);
        } catch (IOException e) {
            if (connection.isOpen()) {
                log().debug("connection {} failed: {}", connection.remoteAddress(), e.toString());
                connection.closeNow(CloseReason.IO_ERROR);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.closeNow(CloseReason.LOCAL);
            connection.deliverClose();
        }
    }

    private void onData() throws Exception {
        handler.onData(connection, data);
    }
}
