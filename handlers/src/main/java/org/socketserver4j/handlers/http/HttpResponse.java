package org.socketserver4j.handlers.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A response: status, header fields and a body held in memory or read from a file. Immutable;
 * the {@code with} methods return a new response.
 *
 * <p>The handler adds {@code Date}, {@code Server}, {@code Content-Length} and, when the
 * connection is to close, {@code Connection: close}; a route sets {@code Content-Length} itself
 * only to announce a body it does not send (an answer to {@code HEAD}). A response with
 * {@code Connection: close} closes the connection once sent. Responses with status 1xx, 204 or
 * 304 never carry a body.
 */
public final class HttpResponse {

    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final String reason;
    private final HttpHeaders headers;
    private final byte[] body;
    private final FileChannel file;
    private final long fileLength;

    private HttpResponse(int status, String reason, HttpHeaders headers, byte[] body, FileChannel file,
            long fileLength) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
        this.file = file;
        this.fileLength = fileLength;
    }

    /** A response with {@code status}, its standard reason phrase, and no body. */
    public static HttpResponse status(int status) {
        return new HttpResponse(status, HttpStatus.reasonPhrase(status), HttpHeaders.EMPTY, NO_BODY, null, 0);
    }

    /** {@code text} in UTF-8 as {@code text/plain; charset=utf-8}. */
    public static HttpResponse text(int status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code body} with a content type.
     *
     * @param contentType the {@code Content-Type}, or {@code null} for none
     * @param body the body; not copied, so it may be a shared constant: do not change it
     */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        Objects.requireNonNull(body, "body");
        HttpHeaders headers = contentType == null ? HttpHeaders.EMPTY : HttpHeaders.of("Content-Type", contentType);
        return new HttpResponse(status, HttpStatus.reasonPhrase(status), headers, body, null, 0);
    }

    /**
     * A 200 response whose body is the first {@code length} bytes of {@code file}, read from
     * position 0 as the connection takes them. The handler closes the channel once the body is
     * sent, or when the response is dropped (a {@code HEAD} request, a closed connection).
     *
     * @param contentType the {@code Content-Type}, or {@code null} for none
     */
    public static HttpResponse file(FileChannel file, long length, String contentType) {
        Objects.requireNonNull(file, "file");
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        HttpHeaders headers = contentType == null ? HttpHeaders.EMPTY : HttpHeaders.of("Content-Type", contentType);
        return new HttpResponse(HttpStatus.OK, HttpStatus.reasonPhrase(HttpStatus.OK), headers, NO_BODY, file, length);
    }

    /**
     * This response with one more header field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF
     *     or another control character
     */
    public HttpResponse withHeader(String name, String value) {
        return new HttpResponse(status, reason, headers.with(name, value), body, file, fileLength);
    }

    /** This response with every field named {@code name} replaced by one with {@code value}. */
    public HttpResponse withHeaderReplaced(String name, String value) {
        return new HttpResponse(status, reason, headers.without(name).with(name, value), body, file, fileLength);
    }

    /**
     * This response with another reason phrase.
     *
     * @throws IllegalArgumentException if it holds CR, LF or another control character
     */
    public HttpResponse withReason(String phrase) {
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c > 0xff || !HttpSyntax.isFieldValueChar((byte) c)) {
                throw new IllegalArgumentException("reason phrase holds a character that cannot be sent");
            }
        }
        return new HttpResponse(status, phrase, headers, body, file, fileLength);
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The reason phrase. */
    public String reason() {
        return reason;
    }

    /** The header fields the route set. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The in-memory body (empty for a file body or none); not a copy: do not change it. */
    public byte[] body() {
        return body;
    }

    /** The file the body is read from, or {@code null} for an in-memory body. */
    public FileChannel file() {
        return file;
    }

    /** The length of the body this response holds: the file's part or the array. */
    public long bodyLength() {
        return file != null ? fileLength : body.length;
    }

    /** Whether this response says {@code Connection: close}. */
    public boolean closesConnection() {
        return headers.hasToken("Connection", "close");
    }

    /** Closes the file of a file body, if any; for a response that will not be sent. */
    public void discard() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    @Override
    public String toString() {
        return status + " " + reason + " " + headers + " (" + bodyLength() + (file != null ? " file" : "")
                + " body bytes)";
    }
}
