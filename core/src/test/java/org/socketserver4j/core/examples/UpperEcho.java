package org.socketserver4j.core.examples;

import java.net.InetSocketAddress;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.handler.StreamRequestHandler;

/** The README's example, kept here so that it compiles and is tested. */
public class UpperEcho extends StreamRequestHandler {
    @Override
    public void handle() throws Exception {
        String line;
        while ((line = rfile.readLine()) != null) {
            wfile.write((line.toUpperCase() + "\n").getBytes());
        }
    }

    /** Serves UpperEcho on port 9999 until interrupted. */
    public static void main(String[] args) throws Exception {
        try (var server = new SelectServer(new InetSocketAddress("127.0.0.1", 9999), UpperEcho.class)) {
            server.serveForever();
        }
    }
}
