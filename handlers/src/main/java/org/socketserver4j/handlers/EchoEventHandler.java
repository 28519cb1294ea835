package org.socketserver4j.handlers;

import java.nio.ByteBuffer;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/**
 * Echo (RFC 862), event family: writes every received chunk straight back. While the client
 * does not read, the connection stops being writable and this handler pauses reading, so a
 * client that sends without reading cannot make the server buffer without bound.
 */
public class EchoEventHandler implements EventHandler {

    /** Makes the handler. */
    public EchoEventHandler() {}

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        connection.write(data);
        if (!connection.isWritable()) {
            connection.pauseReading();
        }
    }

    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        if (writable) {
            connection.resumeReading();
        }
    }
}
