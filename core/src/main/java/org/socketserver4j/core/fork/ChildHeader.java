package org.socketserver4j.core.fork;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The one line a parent writes to a child's stdin before the connection's bytes:
 * {@code socketserver4j-fork/1 <handler class> <client host> <client port> <server host>
 * <server port>}. A pooled child waits for it; a child whose parent is gone reads end of
 * stream instead and exits.
 *
 * @param handlerClass the handler's binary class name
 * @param client the peer's address
 * @param server the server's address
 */
record ChildHeader(String handlerClass, InetSocketAddress client, InetSocketAddress server) {

    static final String MAGIC = "socketserver4j-fork/1";
    private static final int MAX_LENGTH = 4096;

    /** The header as it goes on the wire, newline included. */
    byte[] encode() {
        return (MAGIC + " " + handlerClass + " " + client.getHostString() + " " + client.getPort()
                + " " + server.getHostString() + " " + server.getPort() + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Makes the header for a connection from {@code client} to {@code server}. */
    static ChildHeader of(String handlerClass, SocketAddress client, SocketAddress server) {
        return new ChildHeader(handlerClass, (InetSocketAddress) client, (InetSocketAddress) server);
    }

    /**
     * Reads the header byte by byte, so not one byte of the connection is consumed.
     *
     * @return the header, or {@code null} at end of stream before any byte (no connection)
     * @throws IOException if the line is malformed or too long
     */
    static ChildHeader read(InputStream in) throws IOException {
        byte[] line = new byte[MAX_LENGTH];
        int length = 0;
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (length == 0) {
                    return null;
                }
                throw new IOException("end of stream inside the header");
            }
            if (length == MAX_LENGTH) {
                throw new IOException("header longer than " + MAX_LENGTH + " bytes");
            }
            line[length++] = (byte) b;
        }
        String[] fields = new String(line, 0, length, StandardCharsets.UTF_8).split(" ");
        if (fields.length != 6 || !fields[0].equals(MAGIC)) {
            throw new IOException("not a socketserver4j fork header: " + new String(line, 0, length,
                    StandardCharsets.UTF_8));
        }
        try {
            return new ChildHeader(fields[1],
                    InetSocketAddress.createUnresolved(fields[2], Integer.parseInt(fields[3])),
                    InetSocketAddress.createUnresolved(fields[4], Integer.parseInt(fields[5])));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad port in fork header", e);
        }
    }
}
