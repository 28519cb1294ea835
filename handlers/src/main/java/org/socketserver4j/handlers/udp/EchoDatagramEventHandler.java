package org.socketserver4j.handlers.udp;

import java.nio.ByteBuffer;
import org.socketserver4j.core.datagram.DatagramContext;
import org.socketserver4j.core.datagram.DatagramHandler;

/** Echo (RFC 862) over UDP, event family: replies with the datagram it received. */
public class EchoDatagramEventHandler implements DatagramHandler {

    /** Makes the handler. */
    public EchoDatagramEventHandler() {}

    @Override
    public void onDatagram(DatagramContext ctx, ByteBuffer data) throws Exception {
        ctx.reply(data);
    }
}
