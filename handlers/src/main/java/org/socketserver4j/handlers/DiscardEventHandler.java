package org.socketserver4j.handlers;

import java.nio.ByteBuffer;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/** Discard (RFC 863), event family: drops every byte as it arrives. */
public class DiscardEventHandler implements EventHandler {

    /** Makes the handler. */
    public DiscardEventHandler() {}

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        data.position(data.limit());
    }
}
