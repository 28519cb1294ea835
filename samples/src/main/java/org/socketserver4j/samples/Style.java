package org.socketserver4j.samples;

import java.util.Locale;

/** Which handler family serves the connections: {@code --style}. */
public enum Style {
    /** A {@code RequestHandler} with blocking streams, run on a thread of its own. */
    BLOCKING,
    /** An {@code EventHandler} called back with each chunk of data. */
    EVENT;

    /** The name on the command line: the constant's name in lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
