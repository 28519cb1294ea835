package org.socketserver4j.handlers.http;

import java.nio.charset.StandardCharsets;

/** Writes the status line and header section of responses. */
final class ResponseEncoder {

    /** The {@code Server} header value. */
    static final String SERVER = "socketserver4j";
    /** The interim response to {@code Expect: 100-continue}. */
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ResponseEncoder() {}

    /**
     * Writes the head of {@code response} to {@code out}: status line, {@code Server},
     * {@code Date}, {@code Content-Length}, {@code Connection} when needed, then the route's
     * fields. The framing fields are the handler's: a route's {@code Transfer-Encoding} and
     * {@code Connection} are not copied, and its {@code Content-Length} only answers a
     * {@code HEAD} request (to announce the length of a body not sent).
     *
     * @param head whether the request was {@code HEAD} (the body is not sent)
     * @param close whether the connection closes after this response
     * @param http10 whether the request was HTTP/1.0 (a kept connection is then announced)
     */
    static void writeHead(HttpResponse response, boolean head, boolean close, boolean http10, OutputBatch out) {
        int status = response.status();
        HttpHeaders fields = response.headers();
        out.latin1("HTTP/1.1 ").digits(status).latin1(" ").latin1(response.reason()).crlf();
        if (!fields.contains("Server")) {
            out.latin1("Server: " + SERVER).crlf();
        }
        if (!fields.contains("Date")) {
            out.latin1("Date: ").latin1(HttpDate.now()).crlf();
        }
        if (!HttpStatus.hasNoBody(status)) {
            String announced = head ? fields.first("Content-Length") : null;
            out.latin1("Content-Length: ");
            if (announced != null) {
                out.latin1(announced);
            } else {
                out.digits(response.bodyLength());
            }
            out.crlf();
        }
        if (close) {
            out.latin1("Connection: close").crlf();
        } else if (http10) {
            out.latin1("Connection: keep-alive").crlf();
        }
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                continue;
            }
            out.latin1(name).latin1(": ").latin1(fields.value(i)).crlf();
        }
        out.crlf();
    }
}
