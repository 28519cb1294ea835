package org.socketserver4j.handlers;

import java.io.OutputStream;
import org.socketserver4j.core.handler.StreamRequestHandler;

/** Discard (RFC 863), blocking family: reads everything the client sends and throws it away. */
public class DiscardHandler extends StreamRequestHandler {

    /** Makes the handler. */
    public DiscardHandler() {}

    @Override
    public void handle() throws Exception {
        rfile.transferTo(OutputStream.nullOutputStream());
    }
}
