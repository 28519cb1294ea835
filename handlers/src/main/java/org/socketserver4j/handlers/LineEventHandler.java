package org.socketserver4j.handlers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/**
 * The base of line protocols in the event family: subclasses get whole lines in
 * {@link #onLine}. A line longer than the limit (default 8 KiB) gets the reply
 * {@code ERR line too long (max N bytes)} and the connection is closed; the server and every
 * other connection go on. Lines are answered with {@link #send}, which stops reading from a
 * client that does not read its replies until it catches up.
 */
public abstract class LineEventHandler implements EventHandler {

    /** The default longest line, in bytes. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8 * 1024;

    private final LineFramer framer;

    /** A handler with the default line limit. */
    protected LineEventHandler() {
        this(DEFAULT_MAX_LINE_LENGTH);
    }

    /** A handler refusing lines over {@code maxLineLength} bytes. */
    protected LineEventHandler(int maxLineLength) {
        this.framer = new LineFramer(maxLineLength);
    }

    /** Handles one line, without its terminator. */
    protected abstract void onLine(Connection connection, String line) throws Exception;

    @Override
    public final void onData(Connection connection, ByteBuffer data) throws Exception {
        Exception[] failure = new Exception[1];
        boolean ok = framer.feed(data, line -> {
            if (failure[0] == null && connection.isOpen()) {
                try {
                    onLine(connection, line);
                } catch (Exception e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (!ok) {
            send(connection, "ERR line too long (max " + framer.maxLineLength() + " bytes)");
            connection.close();
        }
    }

    /** Sends {@code line} and CRLF; pauses reading while the client is behind on replies. */
    protected void send(Connection connection, String line) {
        connection.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (!connection.isWritable()) {
            connection.pauseReading();
        }
    }

    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) throws Exception {
        if (writable) {
            connection.resumeReading();
        }
    }
}
