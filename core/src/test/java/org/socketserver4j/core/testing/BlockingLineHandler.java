package org.socketserver4j.core.testing;

import java.nio.charset.StandardCharsets;
import org.socketserver4j.core.handler.StreamRequestHandler;

/** {@link LineCommands} in the blocking family. */
public class BlockingLineHandler extends StreamRequestHandler {

    /** Makes the handler. */
    public BlockingLineHandler() {}

    @Override
    public void handle() throws Exception {
        String line;
        while ((line = rfile.readLine()) != null) {
            byte[] reply = LineCommands.answer(line, server);
            if (reply == null) {
                wfile.write("bye\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            wfile.write(reply);
        }
    }
}
