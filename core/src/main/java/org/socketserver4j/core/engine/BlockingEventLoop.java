package org.socketserver4j.core.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.EventHandler;

/**
 * Drives an event handler on a connection's own thread: read, call {@code onData}, repeat,
 * until end of stream, a timeout, an error or a close. {@code onClose} runs exactly once.
 */
public final class BlockingEventLoop {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final BlockingConnection connection;
    private final EventHandler handler;
    private final ServerHooks hooks;

    /** A loop that feeds {@code connection}'s bytes to {@code handler}. */
    public BlockingEventLoop(BlockingConnection connection, EventHandler handler, ServerHooks hooks) {
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
        try {
            handler.onOpen(connection);
            readUntilEnd();
        } catch (SocketTimeoutException e) {
            log().debug("closing {}: idle timeout", connection.remoteAddress());
        } catch (IOException e) {
            if (connection.isOpen()) {
                log().debug("connection {} failed: {}", connection.remoteAddress(), e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            hooks.handleError(connection, e);
        } finally {
            connection.close();
            try {
                handler.onClose(connection);
            } catch (Exception e) {
                hooks.handleError(connection, e);
            }
        }
    }

    private void readUntilEnd() throws Exception {
        InputStream in = connection.inputStream();
        byte[] buffer = new byte[BUFFER_SIZE];
        while (connection.isOpen()) {
            connection.awaitReadingAllowed();
            if (!connection.isOpen()) {
                return;
            }
            int n = in.read(buffer);
            if (n < 0) {
                handler.onInputClosed(connection);
                connection.awaitClosed();
                return;
            }
            if (n > 0) {
                long start = System.nanoTime();
                try {
                    handler.onData(connection, ByteBuffer.wrap(buffer, 0, n));
                } finally {
                    hooks.statistics().handlerRan(System.nanoTime() - start);
                }
            }
        }
    }

}
