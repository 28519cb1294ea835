package org.socketserver4j.core.datagram;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A datagram longer than the server's maximum datagram size arrived and was truncated by the
 * kernel; it was counted and dropped, never handed to a handler. Raise
 * {@code BaseServer.setMaxDatagramSize} (up to 65,507) if such datagrams are expected.
 */
public final class DatagramTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /** A datagram from {@code sender} exceeded {@code maxDatagramSize} bytes. */
    public DatagramTooLargeException(SocketAddress sender, int maxDatagramSize) {
        super("datagram from " + sender + " is larger than the maximum datagram size of "
                + maxDatagramSize + " bytes: truncated by the kernel and dropped (raise setMaxDatagramSize)");
    }
}
