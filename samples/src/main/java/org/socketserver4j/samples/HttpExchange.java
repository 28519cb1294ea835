package org.socketserver4j.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.socketserver4j.handlers.http.HttpHandler;

/**
 * HTTP/1.1 keep-alive {@code GET /plaintext}, as the TechEmpower plaintext test and {@code wrk}
 * send it: one request at a time, or {@code pipeline} written at once. Each response is checked:
 * the status line {@code HTTP/1.1 200 OK}, a {@code Content-Length} of the body's length (no
 * chunked body, no {@code Connection: close}) and the body {@value HttpHandler#PLAINTEXT}.
 */
final class HttpExchange implements Exchange {

    /** The path asked for. */
    static final String PATH = "/plaintext";
    /** A response's header section and body together, at most. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private static final byte[] STATUS_LINE = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = HttpHandler.PLAINTEXT.getBytes(StandardCharsets.US_ASCII);
    private static final String ASKED = "in answer to GET " + PATH;

    private final ByteBuffer out;
    private final int pipeline;

    private HttpExchange(byte[] batch, int pipeline) {
        this.out = ByteBuffer.allocateDirect(batch.length).put(batch).flip();
        this.pipeline = pipeline;
    }

    /**
     * {@code GET /plaintext} to {@code target} ({@code Host} header), {@code pipeline} requests
     * written at once per connection (1: one in flight).
     */
    static Exchange.Factory factory(InetSocketAddress target, int pipeline) {
        if (pipeline < 1) {
            throw new IllegalArgumentException("pipeline must be positive: " + pipeline);
        }
        byte[] batch = request(target).repeat(pipeline).getBytes(StandardCharsets.US_ASCII);
        return (index, random) -> new HttpExchange(batch, pipeline);
    }

    /** One request's bytes. */
    static String request(InetSocketAddress target) {
        return "GET " + PATH + " HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort() + "\r\n\r\n";
    }

    @Override
    public ByteBuffer request() {
        return out.clear();
    }

    @Override
    public int responses() {
        return pipeline;
    }

    @Override
    public int read(ByteBuffer in, int wanted) throws IOException {
        int done = 0;
        while (done < wanted && readOne(in)) {
            done++;
        }
        return done;
    }

    @Override
    public int maxResponseBytes() {
        return MAX_RESPONSE_BYTES;
    }

    /** Reads one complete response, checked; false if it has not all come yet. */
    private static boolean readOne(ByteBuffer in) throws IOException {
        int start = in.position();
        if (!ReplyText.startsAs(in, start, STATUS_LINE)) {
            throw new IOException("expected 'HTTP/1.1 200 OK' " + ASKED + ", got " + ReplyText.shown(in, start));
        }
        int headEnd = indexOfBlankLine(in, start);
        if (headEnd < 0) {
            return false;
        }
        checkHeaderFields(in, start + STATUS_LINE.length, headEnd);
        int bodyStart = headEnd + 4;
        if (in.limit() - bodyStart < BODY.length) {
            return false;
        }
        if (!in.slice(bodyStart, BODY.length).equals(ByteBuffer.wrap(BODY))) {
            throw new IOException("expected the body '" + HttpHandler.PLAINTEXT + "' " + ASKED + ", got "
                    + ReplyText.shown(in, bodyStart));
        }
        in.position(bodyStart + BODY.length);
        return true;
    }

    /**
     * Checks the header fields between {@code from} and {@code end} (the {@code \r\n\r\n} after
     * them): a {@code Content-Length} of the body's length, no {@code Transfer-Encoding}, no
     * {@code Connection: close}.
     */
    private static void checkHeaderFields(ByteBuffer in, int from, int end) throws IOException {
        boolean length = false;
        int line = from;
        while (line < end + 2) {
            int lineEnd = indexOfCrlf(in, line);
            String field = StandardCharsets.ISO_8859_1.decode(in.slice(line, lineEnd - line)).toString();
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new IOException("expected a header field 'name: value' " + ASKED + ", got "
                        + ReplyText.shown(in, line));
            }
            String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    if (!value.equals(String.valueOf(BODY.length))) {
                        throw new IOException("expected 'Content-Length: " + BODY.length + "' " + ASKED + ", got "
                                + ReplyText.shown(in, line));
                    }
                    length = true;
                }
                case "transfer-encoding" -> throw new IOException("expected a body of Content-Length " + ASKED
                        + ", got " + ReplyText.shown(in, line));
                case "connection" -> {
                    if (value.toLowerCase(Locale.ROOT).contains("close")) {
                        throw new IOException("expected the connection kept alive " + ASKED + ", got "
                                + ReplyText.shown(in, line));
                    }
                }
                default -> {
                    // other fields (Server, Date, Content-Type) may be anything
                }
            }
            line = lineEnd + 2;
        }
        if (!length) {
            throw new IOException("expected 'Content-Length: " + BODY.length + "' " + ASKED
                    + ", got a response without Content-Length");
        }
    }

    /** Where the first {@code \r\n\r\n} at or after {@code from} starts, or -1. */
    private static int indexOfBlankLine(ByteBuffer in, int from) {
        for (int i = from; i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Where the first {@code \r\n} at or after {@code from} starts (one is known to follow). */
    private static int indexOfCrlf(ByteBuffer in, int from) {
        int i = from;
        while (!(in.get(i) == '\r' && in.get(i + 1) == '\n')) {
            i++;
        }
        return i;
    }
}
