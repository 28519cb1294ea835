package org.socketserver4j.handlers;

import java.nio.ByteBuffer;
import java.time.Clock;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/** Daytime (RFC 867), event family: sends the date and time on connect, then closes. */
public class DaytimeEventHandler implements EventHandler {

    /** Makes the handler. */
    public DaytimeEventHandler() {}

    @Override
    public void onOpen(Connection connection) {
        connection.write(Daytime.line(Clock.systemUTC()));
        connection.close();
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        data.position(data.limit());
    }
}
