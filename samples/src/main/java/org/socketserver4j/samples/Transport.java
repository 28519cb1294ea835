package org.socketserver4j.samples;

import java.util.Locale;

/** The transports {@code serve} can use: {@code --transport}. */
public enum Transport {
    /** TCP: every server and handler. */
    TCP,
    /** UDP: every server; the echo and daytime handlers ({@link UdpServing}). */
    UDP;

    /** The name on the command line: the constant's name in lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
