package org.socketserver4j.handlers;

import java.time.Clock;
import org.socketserver4j.core.handler.StreamRequestHandler;

/** Daytime (RFC 867), blocking family: sends the date and time, then closes. */
public class DaytimeHandler extends StreamRequestHandler {

    /** Makes the handler. */
    public DaytimeHandler() {}

    @Override
    public void handle() throws Exception {
        wfile.write(Daytime.line(Clock.systemUTC()));
    }
}
