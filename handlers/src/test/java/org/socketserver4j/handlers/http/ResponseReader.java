package org.socketserver4j.handlers.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.1 responses, strictly, from a stream: the tests' client side. */
final class ResponseReader {

    /** One response: status, fields (lower-case names, values in order) and body. */
    record Response(int status, String reason, Map<String, List<String>> fields, byte[] body) {
        String header(String name) {
            List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;

    ResponseReader(InputStream in) {
        this.in = in;
    }

    ResponseReader(byte[] bytes) {
        this(new ByteArrayInputStream(bytes));
    }

    /**
     * Every response in {@code bytes}: those with the field {@code X-Request-Method: HEAD}
     * (which {@link #echoMethod} routes set) answer HEAD, so have no body; no other does.
     */
    static List<Response> all(byte[] bytes) throws IOException {
        ResponseReader reader = new ResponseReader(bytes);
        List<Response> responses = new ArrayList<>();
        while (reader.hasMore()) {
            responses.add(reader.next(null));
        }
        return responses;
    }

    /** A route answering 200 with the request's method in {@code X-Request-Method}. */
    static HttpResponse echoMethod(HttpRequest request) {
        return HttpResponse.text(200, request.method() + " " + request.path() + "\n")
                .withHeader("X-Request-Method", request.method());
    }

    /** Whether another byte follows. */
    boolean hasMore() throws IOException {
        in.mark(1);
        int b = in.read();
        in.reset();
        return b >= 0;
    }

    /**
     * The next response; {@code head}: it answers a HEAD request, so it has no body ({@code null}:
     * when its {@code X-Request-Method} field says HEAD).
     */
    Response next(Boolean head) throws IOException {
        String status = line();
        if (!status.matches("HTTP/1\\.1 \\d{3} .*")) {
            throw new IOException("not a status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a field line: " + line);
            }
            fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body = new byte[0];
        if (head == null) {
            List<String> method = fields.get("x-request-method");
            head = method != null && method.get(0).equals("HEAD");
        }
        boolean bodyless = head || code < 200 || code == 204 || code == 304;
        if (!bodyless) {
            List<String> length = fields.get("content-length");
            if (length == null || length.size() != 1) {
                throw new IOException("response without one Content-Length: " + fields);
            }
            body = in.readNBytes(Integer.parseInt(length.get(0)));
            if (body.length != Integer.parseInt(length.get(0))) {
                throw new EOFException("body cut short");
            }
        }
        return new Response(code, status.substring(13), fields, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("stream ended inside a head: " + line);
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
            throw new IOException("line not ended by CRLF");
        }
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
    }
}
