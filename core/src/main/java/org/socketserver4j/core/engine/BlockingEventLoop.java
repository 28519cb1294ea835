package org.socketserver4j.core.engine;

import java.io.IOException;
import java.io.InputStream;
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
 */
public final class BlockingEventLoop {

    /** The read buffer's first and smallest size. */
    static final int MIN_BUFFER = 512;
    /** The read buffer's largest size. */
    static final int MAX_BUFFER = 64 * 1024;
    private static final int SMALL_READS_BEFORE_SHRINK = 16;

    private final StreamConnection connection;
    private final EventHandler handler;
    private final ServerHooks hooks;

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

    /** Runs until the connection ends; an {@link Error} propagates after the close. */
    public void run() {
        connection.attach(handler);
        try {
            if (connection.callback(() -> handler.onOpen(connection))) {
                readUntilEnd();
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

    private void readUntilEnd() throws IOException, InterruptedException {
        InputStream in = connection.inputStream();
        byte[] buffer = new byte[MIN_BUFFER];
        int smallReads = 0;
        while (connection.isOpen()) {
            connection.awaitReadingAllowed();
            if (!connection.isOpen()) {
                return;
            }
            int n = in.read(buffer);
            if (n < 0) {
                if (connection.callback(() -> handler.onInputClosed(connection))) {
                    connection.awaitClosed();
                }
                return;
            }
            if (n == 0) {
                continue;
            }
            ByteBuffer data = ByteBuffer.wrap(buffer, 0, n);
            long start = System.nanoTime();
            try {
                connection.callback(() -> handler.onData(connection, data));
            } finally {
                hooks.statistics().handlerRan(System.nanoTime() - start);
            }
            if (n == buffer.length && buffer.length < MAX_BUFFER) {
                buffer = new byte[buffer.length * 2];
                smallReads = 0;
            } else if (n <= buffer.length / 4 && buffer.length > MIN_BUFFER
                    && ++smallReads >= SMALL_READS_BEFORE_SHRINK) {
                buffer = new byte[buffer.length / 2];
                smallReads = 0;
            }
        }
    }
}
