package org.socketserver4j.handlers.http;

/** The status codes this package sends, and their reason phrases (RFC 9110, section 15). */
public final class HttpStatus {

    /** 100: send the body. */
    public static final int CONTINUE = 100;
    /** 200. */
    public static final int OK = 200;
    /** 204: success, no content. */
    public static final int NO_CONTENT = 204;
    /** 301: the resource lives at the {@code Location} given. */
    public static final int MOVED_PERMANENTLY = 301;
    /** 304: the client's copy is current. */
    public static final int NOT_MODIFIED = 304;
    /** 400: the request is malformed. */
    public static final int BAD_REQUEST = 400;
    /** 403: the resource exists but may not be read. */
    public static final int FORBIDDEN = 403;
    /** 404: no such resource. */
    public static final int NOT_FOUND = 404;
    /** 405: the resource exists but not for this method; sent with {@code Allow}. */
    public static final int METHOD_NOT_ALLOWED = 405;
    /** 413: the body is longer than the server accepts. */
    public static final int CONTENT_TOO_LARGE = 413;
    /** 414: the request line is longer than the server accepts. */
    public static final int URI_TOO_LONG = 414;
    /** 417: an {@code Expect} the server cannot meet. */
    public static final int EXPECTATION_FAILED = 417;
    /** 431: the header section is larger than the server accepts. */
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    /** 500: a route failed. */
    public static final int INTERNAL_SERVER_ERROR = 500;
    /** 501: a transfer coding the server does not implement. */
    public static final int NOT_IMPLEMENTED = 501;
    /** 505: an HTTP major version other than 1. */
    public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

    private HttpStatus() {}

    /** The reason phrase of {@code status}, or a generic one for codes not listed here. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case CONTINUE -> "Continue";
            case OK -> "OK";
            case 201 -> "Created";
            case NO_CONTENT -> "No Content";
            case MOVED_PERMANENTLY -> "Moved Permanently";
            case 302 -> "Found";
            case NOT_MODIFIED -> "Not Modified";
            case BAD_REQUEST -> "Bad Request";
            case 401 -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not Found";
            case METHOD_NOT_ALLOWED -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case CONTENT_TOO_LARGE -> "Content Too Large";
            case URI_TOO_LONG -> "URI Too Long";
            case EXPECTATION_FAILED -> "Expectation Failed";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "Request Header Fields Too Large";
            case INTERNAL_SERVER_ERROR -> "Internal Server Error";
            case NOT_IMPLEMENTED -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case HTTP_VERSION_NOT_SUPPORTED -> "HTTP Version Not Supported";
            default -> status < 200 ? "Informational" : status < 300 ? "Success"
                    : status < 400 ? "Redirection" : status < 500 ? "Client Error" : "Server Error";
        };
    }

    /** Whether a response with {@code status} has no body (1xx, 204 and 304). */
    public static boolean hasNoBody(int status) {
        return status < 200 || status == NO_CONTENT || status == NOT_MODIFIED;
    }
}
