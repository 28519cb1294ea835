package org.socketserver4j.handlers.udp;

import java.time.Clock;
import org.socketserver4j.core.datagram.DatagramRequestHandler;
import org.socketserver4j.handlers.Daytime;

/** Daytime (RFC 867) over UDP, blocking family: any datagram gets the date and time. */
public class DaytimeDatagramHandler extends DatagramRequestHandler {

    /** Makes the handler. */
    public DaytimeDatagramHandler() {}

    @Override
    public void handle() throws Exception {
        wfile.write(Daytime.line(Clock.systemUTC()));
    }
}
