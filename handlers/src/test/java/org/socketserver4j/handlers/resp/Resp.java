package org.socketserver4j.handlers.resp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: encoding requests and reading arguments back as text. */
final class Resp {

    private Resp() {}

    /** The ISO-8859-1 bytes of {@code text}: one byte per char, so any byte can be written. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code bytes} as ISO-8859-1 text. */
    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The arguments as text. */
    static List<String> texts(List<byte[]> arguments) {
        List<String> texts = new ArrayList<>();
        for (byte[] argument : arguments) {
            texts.add(text(argument));
        }
        return texts;
    }

    /** A request as redis-cli sends it: an array of bulk strings. */
    static byte[] command(String... arguments) {
        List<byte[]> list = new ArrayList<>();
        for (String argument : arguments) {
            list.add(bytes(argument));
        }
        return command(list);
    }

    /** A request as an array of bulk strings. */
    static byte[] command(List<byte[]> arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("*" + arguments.size() + "\r\n"));
        for (byte[] argument : arguments) {
            out.writeBytes(bytes("$" + argument.length + "\r\n"));
            out.writeBytes(argument);
            out.writeBytes(bytes("\r\n"));
        }
        return out.toByteArray();
    }

    /** Several byte arrays one after the other. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
