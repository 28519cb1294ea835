package org.socketserver4j.handlers;

import org.socketserver4j.core.handler.StreamRequestHandler;

/**
 * Echo (RFC 862), blocking family: sends back every byte it receives until the client ends
 * its stream. Copies in chunks as they arrive, so it echoes lines and binary data alike.
 */
public class EchoHandler extends StreamRequestHandler {

    /** Makes the handler. */
    public EchoHandler() {}

    @Override
    public void handle() throws Exception {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = rfile.read(buffer)) > 0) {
            wfile.write(buffer, 0, n);
        }
    }
}
