package org.socketserver4j.core.testing;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.socketserver4j.core.handler.StreamRequestHandler;

/**
 * Echoes lines with its own read timeout ({@code timeout}, 300 ms): each timeout is answered
 * with {@code timeout} and reading goes on, as a handler that prods a quiet client would.
 * {@code quit} ends it. Public with a no-argument constructor, so a forked child can make it.
 */
public class TimingOutLineHandler extends StreamRequestHandler {

    /** The read timeout it sets. */
    public static final Duration TIMEOUT = Duration.ofMillis(300);

    /** Makes the handler. */
    public TimingOutLineHandler() {
        timeout = TIMEOUT;
    }

    @Override
    public void handle() throws Exception {
        while (true) {
            String line;
            try {
                line = rfile.readLine();
            } catch (SocketTimeoutException quiet) {
                wfile.write("timeout\n".getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (line == null || line.equals("quit")) {
                return;
            }
            wfile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
