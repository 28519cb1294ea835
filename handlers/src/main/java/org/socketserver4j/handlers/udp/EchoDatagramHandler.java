package org.socketserver4j.handlers.udp;

import org.socketserver4j.core.datagram.DatagramRequestHandler;

/** Echo (RFC 862) over UDP, blocking family: replies with the datagram it received. */
public class EchoDatagramHandler extends DatagramRequestHandler {

    /** Makes the handler. */
    public EchoDatagramHandler() {}

    @Override
    public void handle() throws Exception {
        rfile.transferTo(wfile);
    }
}
