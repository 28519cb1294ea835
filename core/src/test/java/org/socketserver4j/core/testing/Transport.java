package org.socketserver4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stream transports the conformance suite runs over: a new one joins the suite by one line
 * here. Each gives a fresh address to bind.
 */
public enum Transport {
    /** TCP on 127.0.0.1, port 0. */
    TCP {
        @Override
        public SocketAddress newAddress() {
            return new InetSocketAddress("127.0.0.1", 0);
        }
    },
    /** A Unix-domain stream socket in a fresh temporary directory. */
    UNIX {
        @Override
        public SocketAddress newAddress() {
            return UnixDomainSocketAddress.of(newSocketPath());
        }
    };

    /** A fresh address to bind a server to. */
    public abstract SocketAddress newAddress();

    /**
     * A path for a socket file in a new private temporary directory; the directory and the file
     * are deleted when the JVM exits if the test has not removed them (a server removes its file
     * on close). The directory is short-named under /tmp's, as socket paths are limited to
     * about 100 bytes.
     */
    public static Path newSocketPath() {
        try {
            Path dir = Files.createTempDirectory("ss4j");
            dir.toFile().deleteOnExit();
            Path socket = dir.resolve("s.sock");
            socket.toFile().deleteOnExit();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
