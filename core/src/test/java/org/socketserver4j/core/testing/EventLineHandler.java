package org.socketserver4j.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/** {@link LineCommands} in the event family. */
public class EventLineHandler implements EventHandler {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /** Makes the handler. */
    public EventLineHandler() {}

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        while (data.hasRemaining() && connection.isOpen()) {
            byte b = data.get();
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            byte[] reply = LineCommands.answer(text, connection.server());
            if (reply == null) {
                connection.write("bye\n".getBytes(StandardCharsets.UTF_8));
                connection.close();
                return;
            }
            connection.write(reply);
        }
    }
}
