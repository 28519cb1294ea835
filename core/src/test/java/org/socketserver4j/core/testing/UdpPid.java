package org.socketserver4j.core.testing;

import java.nio.charset.StandardCharsets;
import org.socketserver4j.core.datagram.DatagramRequestHandler;

/** Replies with the pid of the process it runs in; a datagram reading {@code fail} makes it throw. */
public class UdpPid extends DatagramRequestHandler {

    /** Makes one. */
    public UdpPid() {}

    @Override
    public void handle() throws Exception {
        if (new String(packet, StandardCharsets.US_ASCII).equals("fail")) {
            throw new IllegalStateException("asked to fail");
        }
        wfile.write(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII));
    }
}
