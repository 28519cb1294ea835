package org.socketserver4j.handlers.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One parsed request: method, target, version, header fields, body and trailer fields.
 * Immutable. The body is held whole, as the parser received it (a chunked body de-chunked),
 * bounded by {@link HttpLimits#maxBodyBytes()}.
 */
public final class HttpRequest {

    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String target;
    private final String path;
    private final String query;
    private final int minorVersion;
    private final HttpHeaders headers;
    private final byte[] body;
    private final HttpHeaders trailers;
    private final String subPath;

    HttpRequest(String method, String target, String path, String query, int minorVersion,
            HttpHeaders headers, byte[] body, HttpHeaders trailers, String subPath) {
        this.method = method;
        this.target = target;
        this.path = path;
        this.query = query;
        this.minorVersion = minorVersion;
        this.headers = headers;
        this.body = body;
        this.trailers = trailers;
        this.subPath = subPath;
    }

    /**
     * A request made in code, for testing routes: HTTP/1.1, no trailers.
     *
     * @param target an origin-form target such as {@code /a/b?x=1}
     * @param body the body (not copied; do not change it afterwards), or {@code null} for none
     */
    public static HttpRequest of(String method, String target, HttpHeaders headers, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(headers, "headers");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("target must start with /: " + target);
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        return new HttpRequest(method, target, path, query, 1, headers,
                body == null ? NO_BODY : body, HttpHeaders.EMPTY, path);
    }

    /** The method, case-sensitive as HTTP has it: {@code GET}, {@code POST}... */
    public String method() {
        return method;
    }

    /** The request target exactly as sent: origin form, absolute form or {@code *}. */
    public String target() {
        return target;
    }

    /**
     * The path of the target, still percent-encoded, without the query: {@code /a%20b} for
     * {@code /a%20b?x=1}, {@code /p} for {@code http://host/p}, {@code *} for {@code OPTIONS *}.
     */
    public String path() {
        return path;
    }

    /** The query of the target without its {@code ?}, still percent-encoded, or {@code null}. */
    public String query() {
        return query;
    }

    /** The protocol version as sent: {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        return "HTTP/1." + minorVersion;
    }

    /** The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0. */
    public int minorVersion() {
        return minorVersion;
    }

    /** The header fields, in the order they came. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The value of the first header field named {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.first(name);
    }

    /** The trailer fields of a chunked body; empty otherwise. */
    public HttpHeaders trailers() {
        return trailers;
    }

    /** A copy of the body; empty when there is none. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as a read-only buffer, without copying. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** The length of the body in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Whether the connection stays open after the response: HTTP/1.1 unless the request says
     * {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return minorVersion >= 1 || headers.hasToken("Connection", "keep-alive");
    }

    /**
     * The part of {@link #path()} after the prefix of the route that matched it, without a
     * leading {@code /} and still percent-encoded: {@code a/b.txt} for {@code /static/a/b.txt}
     * under the prefix {@code /static/}; the whole path for an exact route.
     */
    public String subPath() {
        return subPath;
    }

    /** This request with another {@link #subPath()}; the router uses it. */
    HttpRequest withSubPath(String sub) {
        return sub.equals(subPath) ? this
                : new HttpRequest(method, target, path, query, minorVersion, headers, body, trailers, sub);
    }

    /** The body array itself, for the package's own routes; never changed. */
    byte[] bodyArray() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version() + " " + headers + " (" + body.length + " body bytes)";
    }
}
