package org.socketserver4j.handlers.udp;

import java.nio.ByteBuffer;
import java.time.Clock;
import org.socketserver4j.core.datagram.DatagramContext;
import org.socketserver4j.core.datagram.DatagramHandler;
import org.socketserver4j.handlers.Daytime;

/** Daytime (RFC 867) over UDP, event family: any datagram gets the date and time. */
public class DaytimeDatagramEventHandler implements DatagramHandler {

    /** Makes the handler. */
    public DaytimeDatagramEventHandler() {}

    @Override
    public void onDatagram(DatagramContext ctx, ByteBuffer data) throws Exception {
        ctx.reply(ByteBuffer.wrap(Daytime.line(Clock.systemUTC())));
    }
}
