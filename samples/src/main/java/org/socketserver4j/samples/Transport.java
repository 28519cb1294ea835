package org.socketserver4j.samples;

import java.util.Locale;

/** What {@code serve} listens on: {@code --transport}. */
public enum Transport {
    /** TCP on {@code --host} and {@code --port}. */
    TCP,
    /** UDP on {@code --host} and {@code --port}: every server; the echo and daytime handlers ({@link UdpServing}). */
    UDP,
    /**
     * A Unix-domain stream socket at {@code --path}. There are no Unix-domain datagrams: the JDK
     * has no Unix-domain datagram channel.
     */
    UNIX;

    /** The name on the command line: the constant's name in lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
