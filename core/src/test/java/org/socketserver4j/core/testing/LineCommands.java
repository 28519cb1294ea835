package org.socketserver4j.core.testing;

import java.nio.charset.StandardCharsets;
import org.socketserver4j.core.handler.Server;

/**
 * The line protocol both test handler families speak, so one suite covers both. Each line is
 * a command: {@code boom} throws an exception, {@code fatal} throws an {@link Error},
 * {@code shutdown} calls {@code server.shutdown()} and answers {@code ok}, {@code big N}
 * answers N bytes of {@code x} then a newline, {@code quit} ends the connection after
 * answering {@code bye}; anything else is echoed back.
 */
public final class LineCommands {

    private LineCommands() {}

    /** What to do with one line: the reply bytes, or an exception; null reply means quit. */
    public static byte[] answer(String line, Server server) {
        if (line.equals("boom")) {
            throw new IllegalStateException("boom requested by the client");
        }
        if (line.equals("fatal")) {
            throw new Error("fatal requested by the client");
        }
        if (line.equals("shutdown")) {
            server.shutdown();
            return "ok\n".getBytes(StandardCharsets.UTF_8);
        }
        if (line.startsWith("big ")) {
            int n = Integer.parseInt(line.substring(4));
            byte[] reply = new byte[n + 1];
            java.util.Arrays.fill(reply, (byte) 'x');
            reply[n] = '\n';
            return reply;
        }
        if (line.equals("quit")) {
            return null;
        }
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
