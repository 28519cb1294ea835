package org.socketserver4j.handlers.http;

/**
 * How much of a request the server accepts; past a limit the request gets an error response
 * and the connection is closed. The parser never buffers more than these limits allow.
 *
 * @param maxRequestLineBytes the longest request line, its CRLF included (also the longest
 *     chunk-size line of a chunked body); longer: 414 URI Too Long
 * @param maxHeaderBytes the largest header section, every field line and its CRLF counted
 *     (and, separately, the largest trailer section); larger: 431 Request Header Fields Too Large
 * @param maxHeaderCount the most header (or trailer) fields; more: 431
 * @param maxBodyBytes the longest request body, however it is framed; longer: 413 Content Too Large
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, int maxBodyBytes) {

    /** Default longest request line: 8 KiB. */
    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
    /** Default largest header section: 32 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 32 * 1024;
    /** Default most header fields: 100. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    /** Default longest body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** System property read by {@link #fromSystemProperties()} for {@link #maxRequestLineBytes}. */
    public static final String MAX_REQUEST_LINE_PROPERTY = "socketserver4j.http.maxRequestLineBytes";
    /** System property read by {@link #fromSystemProperties()} for {@link #maxHeaderBytes}. */
    public static final String MAX_HEADER_BYTES_PROPERTY = "socketserver4j.http.maxHeaderBytes";
    /** System property read by {@link #fromSystemProperties()} for {@link #maxHeaderCount}. */
    public static final String MAX_HEADER_COUNT_PROPERTY = "socketserver4j.http.maxHeaderCount";
    /** System property read by {@link #fromSystemProperties()} for {@link #maxBodyBytes}. */
    public static final String MAX_BODY_BYTES_PROPERTY = "socketserver4j.http.maxBodyBytes";

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if a limit is too small to hold a minimal request
     *     (request line under 16 bytes, header section under 2, no header field) or the body
     *     limit is negative
     */
    public HttpLimits {
        if (maxRequestLineBytes < 16) {
            throw new IllegalArgumentException("maxRequestLineBytes must be >= 16: " + maxRequestLineBytes);
        }
        if (maxHeaderBytes < 2) {
            throw new IllegalArgumentException("maxHeaderBytes must be >= 2: " + maxHeaderBytes);
        }
        if (maxHeaderCount < 1) {
            throw new IllegalArgumentException("maxHeaderCount must be >= 1: " + maxHeaderCount);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0: " + maxBodyBytes);
        }
    }

    /** The defaults: 8 KiB request line, 32 KiB and 100 header fields, 1 MiB body. */
    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_REQUEST_LINE_BYTES, DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * The defaults, each overridden by its system property when set (for instance
     * {@code -Dsocketserver4j.http.maxBodyBytes=65536}), which is how a handler made by
     * name, as in a ForkingServer child, is configured.
     *
     * @throws IllegalArgumentException if a property is not a valid limit
     */
    public static HttpLimits fromSystemProperties() {
        return new HttpLimits(
                intProperty(MAX_REQUEST_LINE_PROPERTY, DEFAULT_MAX_REQUEST_LINE_BYTES),
                intProperty(MAX_HEADER_BYTES_PROPERTY, DEFAULT_MAX_HEADER_BYTES),
                intProperty(MAX_HEADER_COUNT_PROPERTY, DEFAULT_MAX_HEADER_COUNT),
                intProperty(MAX_BODY_BYTES_PROPERTY, DEFAULT_MAX_BODY_BYTES));
    }

    /** These limits with another {@link #maxRequestLineBytes}. */
    public HttpLimits withMaxRequestLineBytes(int bytes) {
        return new HttpLimits(bytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes);
    }

    /** These limits with another {@link #maxHeaderBytes}. */
    public HttpLimits withMaxHeaderBytes(int bytes) {
        return new HttpLimits(maxRequestLineBytes, bytes, maxHeaderCount, maxBodyBytes);
    }

    /** These limits with another {@link #maxHeaderCount}. */
    public HttpLimits withMaxHeaderCount(int count) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, count, maxBodyBytes);
    }

    /** These limits with another {@link #maxBodyBytes}. */
    public HttpLimits withMaxBodyBytes(int bytes) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, bytes);
    }

    private static int intProperty(String name, int fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " is not a number: " + value, e);
        }
    }
}
