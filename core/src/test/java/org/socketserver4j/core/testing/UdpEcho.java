package org.socketserver4j.core.testing;

import java.nio.ByteBuffer;
import org.socketserver4j.core.datagram.DatagramContext;
import org.socketserver4j.core.datagram.DatagramHandler;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.datagram.DatagramRequestHandler;

/** Datagram echo in both families; a datagram reading {@code silent} gets no reply. */
public final class UdpEcho {

    private UdpEcho() {}

    /** The payload that gets no reply: the handler writes nothing. */
    public static final String SILENT = "silent";

    /** Blocking echo on rfile/wfile. */
    public static final class Blocking extends DatagramRequestHandler {
        /** Makes one. */
        public Blocking() {}

        @Override
        public void handle() throws Exception {
            byte[] data = rfile.readAllBytes();
            if (!SILENT.equals(new String(data, java.nio.charset.StandardCharsets.US_ASCII))) {
                wfile.write(data);
            }
        }
    }

    /** Event echo through the context. */
    public static final class Event implements DatagramHandler {
        /** Makes one. */
        public Event() {}

        @Override
        public void onDatagram(DatagramContext ctx, ByteBuffer data) throws Exception {
            if (!java.nio.charset.StandardCharsets.US_ASCII.decode(data.duplicate()).toString().equals(SILENT)) {
                ctx.reply(data);
            }
        }
    }

    /** The two families of echo. */
    public enum Family {
        /** {@link Blocking}. */
        BLOCKING(Blocking.class),
        /** {@link Event}. */
        EVENT(Event.class);

        private final Class<?> type;

        Family(Class<?> type) {
            this.type = type;
        }

        /** A factory of this family's echo handler. */
        public DatagramHandlerFactory echo() {
            return DatagramHandlerFactory.of(type);
        }
    }
}
