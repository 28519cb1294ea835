package org.socketserver4j.handlers;

import org.socketserver4j.core.handler.StreamRequestHandler;

/**
 * Echo (RFC 862), blocking family: sends back every byte it receives until the client ends
 * its stream. Copies in chunks as they arrive, so it echoes lines and binary data alike.
 */
public class EchoHandler extends StreamRequestHandler {

    /** Makes the handler; {@code rfile} reads up to 64 KiB at a time while data flows. */
    public EchoHandler() {
        rbufsize = 64 * 1024;
    }

    /**
     * Echoes what each read brings ({@code rfile.read1}): the handler holds no buffer while it
     * waits, and {@code rfile}'s own buffer is small until data flows.
     */
    @Override
    public void handle() throws Exception {
        byte[] chunk;
        while ((chunk = rfile.read1(64 * 1024)).length > 0) {
            wfile.write(chunk);
        }
    }
}
