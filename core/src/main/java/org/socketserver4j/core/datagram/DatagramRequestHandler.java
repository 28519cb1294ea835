package org.socketserver4j.core.datagram;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.SocketAddress;
import org.socketserver4j.core.handler.Server;

/**
 * A blocking datagram handler: socketserver's {@code DatagramRequestHandler}. The server
 * makes one instance per datagram and runs {@link #setup()}, {@link #handle()} and
 * {@link #finish()} on a thread where blocking is fine. {@link #rfile} reads the datagram
 * (end of stream at its end); what is written to {@link #wfile} is sent back to the sender
 * as one datagram after {@code finish()}, and only if something was written: unlike Python,
 * a handler that writes nothing sends no empty datagram. An exception reaches the server's
 * {@code handleError} and no reply is sent.
 */
public abstract class DatagramRequestHandler {

    /** The datagram as received (socketserver's {@code self.packet}). */
    protected byte[] packet;

    /** The sender's address (socketserver's {@code self.client_address}). */
    protected SocketAddress clientAddress;

    /** The server running this handler. */
    protected Server server;

    /** Reads {@link #packet}. */
    protected InputStream rfile;

    /** Collects the reply; sent after {@link #finish()} if not empty. */
    protected ByteArrayOutputStream wfile;

    /** Makes a handler; the server gives it its datagram before {@link #setup()}. */
    protected DatagramRequestHandler() {}

    /**
     * Runs this handler for one datagram and returns the reply to send (empty: none). Called
     * by the server; exceptions propagate to it.
     *
     * @throws IllegalStateException if this handler already ran
     */
    public final byte[] run(byte[] packet, SocketAddress clientAddress, Server server) throws Exception {
        if (this.packet != null) {
            throw new IllegalStateException("a handler instance serves one datagram only");
        }
        this.packet = packet;
        this.clientAddress = clientAddress;
        this.server = server;
        setup();
        try {
            handle();
        } finally {
            finish();
        }
        return wfile.toByteArray();
    }

    /** Opens {@link #rfile} and {@link #wfile}; call it first when overriding. */
    public void setup() throws Exception {
        rfile = new ByteArrayInputStream(packet);
        wfile = new ByteArrayOutputStream();
    }

    /** Serves the datagram. */
    public abstract void handle() throws Exception;

    /** Cleans up after {@link #handle()}, even when it threw; the default does nothing. */
    public void finish() throws Exception {}
}
