package org.socketserver4j.handlers.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An incremental parser of HTTP/1.1 requests (RFC 9112): feed it bytes as they arrive, in
 * pieces of any size, and each call answers {@link ParseResult#NEED_MORE}, a
 * {@link ParseResult.Complete} request, or a {@link ParseResult.Failed} status.
 *
 * <p>It reads the request line (origin, absolute and asterisk forms; HTTP/1.0 and 1.1), the
 * header fields, and a body framed by {@code Content-Length} or by the chunked transfer
 * coding with its extensions and trailer fields. It is strict where leniency lets requests be
 * smuggled: a request with both {@code Transfer-Encoding} and {@code Content-Length}, with
 * differing {@code Content-Length} values, obsolete line folding, whitespace before a colon,
 * a bare CR, or (in HTTP/1.1) no {@code Host} is refused with 400. A line may end in CRLF or a
 * bare LF; empty lines before a request line are skipped.
 *
 * <p>Memory is bounded by {@link HttpLimits}: it buffers at most one line (no longer than the
 * request-line or header-section limit) and one body (no longer than the body limit), and
 * answers an error as soon as a limit would be passed, before buffering the bytes. A large
 * buffer is dropped once its request is done, so an idle keep-alive connection costs little.
 *
 * <p>Bytes after a complete request stay in the input buffer for the next call, which is how
 * pipelined requests are read one after the other. Not thread-safe: one parser per
 * connection.
 */
public final class HttpRequestParser {

    private enum State { REQUEST_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, FAILED }

    private static final int NEED = -1;
    private static final int TOO_LONG = -2;
    /** Line buffers up to this size are kept between requests. */
    private static final int LINE_RETAIN = 4 * 1024;
    /** Body buffers up to this size are kept between requests. */
    private static final int BODY_RETAIN = 4 * 1024;
    /** Hexadecimal digits of the largest chunk size an int body can take. */
    private static final int MAX_CHUNK_SIZE_DIGITS = 8;

    private final HttpLimits limits;
    private final BoundedBuffer line;
    private final BoundedBuffer body;
    private final List<String> fields = new ArrayList<>();
    private final List<String> trailerFields = new ArrayList<>();

    private State state = State.REQUEST_LINE;
    private ParseResult.Failed failure;
    private String method;
    private String target;
    private String path;
    private String query;
    private int minorVersion;
    private HttpHeaders headers;
    /** Bytes of the header or trailer section so far, or of empty lines before a request line. */
    private int sectionBytes;
    /** Body bytes still to come (Content-Length), or bytes of the current chunk. */
    private long remaining;
    /** The Content-Length, as the size the body buffer grows towards. */
    private long declaredLength;
    private boolean expectContinue;
    private boolean bodySeen;

    /** A parser enforcing {@code limits}. */
    public HttpRequestParser(HttpLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.line = new BoundedBuffer(Math.max(limits.maxRequestLineBytes(), limits.maxHeaderBytes()), LINE_RETAIN);
        this.body = new BoundedBuffer(limits.maxBodyBytes(), BODY_RETAIN);
    }

    /** The limits this parser enforces. */
    public HttpLimits limits() {
        return limits;
    }

    /**
     * Consumes bytes of {@code in} (from its position) until a request is complete, the input
     * is used up or an error is found. Never throws on any input.
     *
     * @return {@link ParseResult#NEED_MORE} when every byte was consumed and the request is
     *     not complete; a {@link ParseResult.Complete} request, with the position just after it
     *     (the rest is the next request's); or a {@link ParseResult.Failed} status, returned
     *     again by every later call until {@link #reset()}
     */
    public ParseResult parse(ByteBuffer in) {
        Objects.requireNonNull(in, "in");
        ParseResult result;
        do {
            result = switch (state) {
                case REQUEST_LINE -> requestLine(in);
                case HEADERS -> fieldLine(in, fields, false);
                case BODY -> fixedBody(in);
                case CHUNK_SIZE -> chunkSize(in);
                case CHUNK_DATA -> chunkData(in);
                case CHUNK_END -> chunkEnd(in);
                case TRAILERS -> fieldLine(in, trailerFields, true);
                case FAILED -> failure;
            };
        } while (result == null);
        return result;
    }

    /**
     * Whether to send {@code 100 Continue} now: true once per request, when an HTTP/1.1 request
     * with {@code Expect: 100-continue} has its header section read and none of its body yet.
     */
    public boolean takeExpectContinue() {
        if (expectContinue && !bodySeen && (state == State.BODY || state == State.CHUNK_SIZE)) {
            expectContinue = false;
            return true;
        }
        return false;
    }

    /** Whether the parser is between requests, holding no byte of the next one. */
    public boolean isIdle() {
        return state == State.REQUEST_LINE && line.size() == 0 && sectionBytes == 0;
    }

    /** Forgets any request in progress and any failure, ready for a new request. */
    public void reset() {
        state = State.REQUEST_LINE;
        failure = null;
        clearRequest();
    }

    /** Bytes the line buffer holds in memory now (its array), for tests of the bounds. */
    int lineCapacity() {
        return line.capacity();
    }

    /** The most bytes the line buffer may ever hold. */
    int lineLimit() {
        return line.limit();
    }

    /** Bytes the body buffer holds in memory now (its array), for tests of the bounds. */
    int bodyCapacity() {
        return body.capacity();
    }

    // ------------------------------------------------------------------ states

    private ParseResult requestLine(ByteBuffer in) {
        int n = readLine(in, limits.maxRequestLineBytes());
        if (n == NEED) {
            return ParseResult.NEED_MORE;
        }
        if (n == TOO_LONG) {
            return fail(HttpStatus.URI_TOO_LONG,
                    "request line longer than " + limits.maxRequestLineBytes() + " bytes");
        }
        if (n == 0) {
            // RFC 9112, 2.2: ignore empty lines received before a request line, within reason
            sectionBytes += line.size();
            line.clear();
            return sectionBytes > limits.maxRequestLineBytes()
                    ? fail(HttpStatus.BAD_REQUEST, "too many empty lines before the request line") : null;
        }
        ParseResult bad = parseRequestLine(line.array(), n);
        line.clear();
        if (bad != null) {
            return bad;
        }
        sectionBytes = 0;
        state = State.HEADERS;
        return null;
    }

    private ParseResult fieldLine(ByteBuffer in, List<String> into, boolean trailers) {
        int n = readLine(in, limits.maxHeaderBytes() - sectionBytes);
        if (n == NEED) {
            return ParseResult.NEED_MORE;
        }
        if (n == TOO_LONG) {
            return fail(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, (trailers ? "trailer" : "header")
                    + " section larger than " + limits.maxHeaderBytes() + " bytes");
        }
        sectionBytes += line.size();
        if (n == 0) {
            line.clear();
            return trailers ? complete() : endOfHeaders();
        }
        ParseResult bad = parseField(line.array(), n, into, trailers);
        line.clear();
        return bad;
    }

    private ParseResult fixedBody(ByteBuffer in) {
        int n = (int) Math.min(remaining, in.remaining());
        if (n > 0) {
            body.append(in, n, declaredLength);
            remaining -= n;
            bodySeen = true;
        }
        return remaining > 0 ? ParseResult.NEED_MORE : complete();
    }

    private ParseResult chunkSize(ByteBuffer in) {
        int n = readLine(in, limits.maxRequestLineBytes());
        if (line.size() > 0) {
            bodySeen = true;
        }
        if (n == NEED) {
            return ParseResult.NEED_MORE;
        }
        bodySeen = true;
        if (n == TOO_LONG) {
            return fail(HttpStatus.BAD_REQUEST,
                    "chunk-size line longer than " + limits.maxRequestLineBytes() + " bytes");
        }
        byte[] a = line.array();
        long size = 0;
        int digits = 0;
        int significant = 0;
        while (digits < n && HttpSyntax.hexValue(a[digits]) >= 0) {
            int d = HttpSyntax.hexValue(a[digits]);
            if (significant > 0 || d != 0) {
                if (++significant > MAX_CHUNK_SIZE_DIGITS) {
                    return fail(HttpStatus.CONTENT_TOO_LARGE, bodyTooLong());
                }
            }
            size = size * 16 + d;
            digits++;
        }
        if (digits == 0) {
            return fail(HttpStatus.BAD_REQUEST, "invalid chunk size");
        }
        int i = digits;
        while (i < n && HttpSyntax.isWhitespace(a[i])) {
            i++;
        }
        if (i < n && a[i] != ';') {
            return fail(HttpStatus.BAD_REQUEST, "invalid chunk size");
        }
        for (; i < n; i++) {
            if (!HttpSyntax.isFieldValueChar(a[i])) {
                return fail(HttpStatus.BAD_REQUEST, "invalid character in a chunk extension");
            }
        }
        line.clear();
        if (size > limits.maxBodyBytes() - body.size()) {
            return fail(HttpStatus.CONTENT_TOO_LARGE, bodyTooLong());
        }
        if (size == 0) {
            sectionBytes = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return null;
    }

    private ParseResult chunkData(ByteBuffer in) {
        int n = (int) Math.min(remaining, in.remaining());
        if (n > 0) {
            body.append(in, n, body.size() + remaining);
            remaining -= n;
        }
        if (remaining > 0) {
            return ParseResult.NEED_MORE;
        }
        state = State.CHUNK_END;
        return null;
    }

    private ParseResult chunkEnd(ByteBuffer in) {
        int n = readLine(in, 2);
        if (n == NEED) {
            return ParseResult.NEED_MORE;
        }
        if (n != 0) {
            return fail(HttpStatus.BAD_REQUEST, "chunk data not followed by CRLF");
        }
        line.clear();
        state = State.CHUNK_SIZE;
        return null;
    }

    // ------------------------------------------------------------------ lines

    /**
     * Moves bytes from {@code in} into the line buffer up to and including the next LF.
     *
     * @param maxTotal the most bytes the whole line may take, terminator included
     * @return the length of the line's content (without LF or CRLF), {@link #NEED} when
     *     {@code in} ran out first, or {@link #TOO_LONG} when the line cannot fit
     */
    private int readLine(ByteBuffer in, int maxTotal) {
        int start = in.position();
        int end = in.limit();
        if (start == end) {
            return NEED;
        }
        int lf = indexOfLf(in, start, end);
        int take = (lf < 0 ? end : lf + 1) - start;
        if (lf < 0) {
            // its LF is still to come, so it needs one byte more than it has
            if ((long) line.size() + take + 1 > maxTotal) {
                return TOO_LONG;
            }
            line.append(in, take, maxTotal);
            return NEED;
        }
        if ((long) line.size() + take > maxTotal) {
            return TOO_LONG;
        }
        line.append(in, take, maxTotal);
        int content = line.size() - 1;
        if (content > 0 && line.array()[content - 1] == '\r') {
            content--;
        }
        return content;
    }

    private static int indexOfLf(ByteBuffer in, int start, int end) {
        if (in.hasArray()) {
            byte[] a = in.array();
            int offset = in.arrayOffset();
            for (int i = start; i < end; i++) {
                if (a[offset + i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
        for (int i = start; i < end; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private ParseResult parseRequestLine(byte[] a, int n) {
        int sp1 = indexOf(a, 0, n, (byte) ' ');
        if (sp1 <= 0) {
            return fail(HttpStatus.BAD_REQUEST, "malformed request line");
        }
        for (int i = 0; i < sp1; i++) {
            if (!HttpSyntax.isTokenChar(a[i])) {
                return fail(HttpStatus.BAD_REQUEST, "invalid method");
            }
        }
        int sp2 = indexOf(a, sp1 + 1, n, (byte) ' ');
        if (sp2 < 0) {
            return fail(HttpStatus.BAD_REQUEST, "malformed request line: no HTTP version");
        }
        if (sp2 == sp1 + 1) {
            return fail(HttpStatus.BAD_REQUEST, "malformed request line: empty request target");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (!HttpSyntax.isTargetChar(a[i])) {
                return fail(HttpStatus.BAD_REQUEST, "invalid character in the request target");
            }
        }
        int v = sp2 + 1;
        if (n - v != 8 || a[v] != 'H' || a[v + 1] != 'T' || a[v + 2] != 'T' || a[v + 3] != 'P'
                || a[v + 4] != '/' || !isDigit(a[v + 5]) || a[v + 6] != '.' || !isDigit(a[v + 7])) {
            return fail(HttpStatus.BAD_REQUEST, "malformed HTTP version");
        }
        int major = a[v + 5] - '0';
        if (major != 1) {
            return fail(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/" + major + " is not supported");
        }
        minorVersion = a[v + 7] - '0';
        method = method(a, sp1);
        target = new String(a, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.US_ASCII);
        return splitTarget();
    }

    private ParseResult splitTarget() {
        String rest;
        if (target.charAt(0) == '/') {
            rest = target;
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                return fail(HttpStatus.BAD_REQUEST, "the * target is for OPTIONS only");
            }
            path = "*";
            query = null;
            return null;
        } else {
            int scheme = target.regionMatches(true, 0, "http://", 0, 7) ? 7
                    : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
            if (scheme < 0) {
                return fail(HttpStatus.BAD_REQUEST, "unsupported request target form");
            }
            int authorityEnd = scheme;
            while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                    && target.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            if (authorityEnd == scheme) {
                return fail(HttpStatus.BAD_REQUEST, "absolute request target without a host");
            }
            rest = target.substring(authorityEnd);
            if (rest.isEmpty() || rest.charAt(0) == '?') {
                rest = "/" + rest;
            }
        }
        int q = rest.indexOf('?');
        path = q < 0 ? rest : rest.substring(0, q);
        query = q < 0 ? null : rest.substring(q + 1);
        return null;
    }

    private ParseResult parseField(byte[] a, int n, List<String> into, boolean trailers) {
        if (HttpSyntax.isWhitespace(a[0])) {
            return fail(HttpStatus.BAD_REQUEST, "obsolete line folding in a field");
        }
        int colon = indexOf(a, 0, n, (byte) ':');
        if (colon <= 0) {
            return fail(HttpStatus.BAD_REQUEST, "field line without a name and a colon");
        }
        for (int i = 0; i < colon; i++) {
            if (!HttpSyntax.isTokenChar(a[i])) {
                return fail(HttpStatus.BAD_REQUEST, "invalid field name");
            }
        }
        int start = colon + 1;
        int end = n;
        while (start < end && HttpSyntax.isWhitespace(a[start])) {
            start++;
        }
        while (end > start && HttpSyntax.isWhitespace(a[end - 1])) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!HttpSyntax.isFieldValueChar(a[i])) {
                return fail(HttpStatus.BAD_REQUEST, "invalid character in a field value");
            }
        }
        if (into.size() / 2 >= limits.maxHeaderCount()) {
            return fail(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "more than " + limits.maxHeaderCount()
                    + (trailers ? " trailer" : " header") + " fields");
        }
        into.add(new String(a, 0, colon, StandardCharsets.US_ASCII));
        into.add(new String(a, start, end - start, StandardCharsets.ISO_8859_1));
        return null;
    }

    // ------------------------------------------------------------------ framing

    private ParseResult endOfHeaders() {
        headers = HttpHeaders.trusted(fields);
        fields.clear();
        int hosts = headers.count("Host");
        if (hosts > 1) {
            return fail(HttpStatus.BAD_REQUEST, "more than one Host field");
        }
        if (hosts == 0 && minorVersion >= 1) {
            return fail(HttpStatus.BAD_REQUEST, "HTTP/1.1 request without Host");
        }
        List<String> transferEncoding = headers.all("Transfer-Encoding");
        List<String> contentLength = headers.all("Content-Length");
        boolean chunked = false;
        long length = 0;
        if (!transferEncoding.isEmpty()) {
            if (minorVersion == 0) {
                return fail(HttpStatus.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (!contentLength.isEmpty()) {
                return fail(HttpStatus.BAD_REQUEST, "both Transfer-Encoding and Content-Length");
            }
            List<String> codings = new ArrayList<>(2);
            for (String value : transferEncoding) {
                for (String coding : value.split(",", -1)) {
                    String c = coding.strip();
                    if (!c.isEmpty()) {
                        codings.add(c.toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
                return fail(HttpStatus.BAD_REQUEST, "chunked is not the final transfer coding");
            }
            if (codings.size() > 1) {
                return codings.indexOf("chunked") < codings.size() - 1
                        ? fail(HttpStatus.BAD_REQUEST, "chunked applied more than once")
                        : fail(HttpStatus.NOT_IMPLEMENTED, "only the chunked transfer coding is implemented");
            }
            chunked = true;
        } else if (!contentLength.isEmpty()) {
            length = parseContentLength(contentLength);
            if (length < 0) {
                return fail(HttpStatus.BAD_REQUEST, "invalid Content-Length");
            }
            if (length > limits.maxBodyBytes()) {
                return fail(HttpStatus.CONTENT_TOO_LARGE, bodyTooLong());
            }
        }
        expectContinue = false;
        if (minorVersion >= 1 && headers.contains("Expect")) {
            // RFC 9110, 10.1.1: a server ignores Expect in HTTP/1.0
            if (headers.count("Expect") > 1 || !headers.first("Expect").equalsIgnoreCase("100-continue")) {
                return fail(HttpStatus.EXPECTATION_FAILED, "only Expect: 100-continue is supported");
            }
            expectContinue = chunked || length > 0;
        }
        bodySeen = false;
        if (chunked) {
            state = State.CHUNK_SIZE;
            return null;
        }
        if (length > 0) {
            remaining = length;
            declaredLength = length;
            state = State.BODY;
            return null;
        }
        return complete();
    }

    /** The one length all values agree on; -1 if one is not a number or they differ. */
    private static long parseContentLength(List<String> values) {
        long agreed = -1;
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                String digits = item.strip();
                if (digits.isEmpty()) {
                    return -1;
                }
                long parsed = 0;
                for (int i = 0; i < digits.length(); i++) {
                    char c = digits.charAt(i);
                    if (c < '0' || c > '9') {
                        return -1;
                    }
                    // saturate: any length this large is refused as too long anyway
                    parsed = parsed > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : parsed * 10 + (c - '0');
                }
                if (agreed >= 0 && parsed != agreed) {
                    return -1;
                }
                agreed = parsed;
            }
        }
        return agreed;
    }

    private ParseResult complete() {
        HttpRequest request = new HttpRequest(method, target, path, query, minorVersion, headers,
                body.take(), HttpHeaders.trusted(trailerFields), path);
        state = State.REQUEST_LINE;
        clearRequest();
        return new ParseResult.Complete(request);
    }

    private ParseResult fail(int status, String reason) {
        state = State.FAILED;
        failure = new ParseResult.Failed(status, reason);
        clearRequest();
        return failure;
    }

    private void clearRequest() {
        line.clear();
        body.clear();
        fields.clear();
        trailerFields.clear();
        method = null;
        target = null;
        path = null;
        query = null;
        headers = null;
        sectionBytes = 0;
        remaining = 0;
        declaredLength = 0;
        expectContinue = false;
        bodySeen = false;
    }

    private String bodyTooLong() {
        return "body longer than " + limits.maxBodyBytes() + " bytes";
    }

    private static String method(byte[] a, int length) {
        if (length == 3 && a[0] == 'G' && a[1] == 'E' && a[2] == 'T') {
            return "GET";
        }
        if (length == 4 && a[0] == 'H' && a[1] == 'E' && a[2] == 'A' && a[3] == 'D') {
            return "HEAD";
        }
        if (length == 4 && a[0] == 'P' && a[1] == 'O' && a[2] == 'S' && a[3] == 'T') {
            return "POST";
        }
        return new String(a, 0, length, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
