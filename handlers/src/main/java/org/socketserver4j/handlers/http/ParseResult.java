package org.socketserver4j.handlers.http;

import java.util.Objects;

/**
 * What {@link HttpRequestParser#parse} found: that it needs more bytes, a whole request, or an
 * error to answer with a status before closing the connection.
 */
public sealed interface ParseResult permits ParseResult.NeedMore, ParseResult.Complete, ParseResult.Failed {

    /** The one {@link NeedMore} result. */
    NeedMore NEED_MORE = new NeedMore();

    /** Every byte given was consumed and the request is not complete yet. */
    record NeedMore() implements ParseResult {}

    /**
     * A whole request; the bytes after it were left in the input for the next call.
     *
     * @param request the request
     */
    record Complete(HttpRequest request) implements ParseResult {
        /** Checks the request is present. */
        public Complete {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * The input is not an acceptable request. The parser stays failed until
     * {@link HttpRequestParser#reset()}; the connection is to be answered and closed.
     *
     * @param status the status to answer with (400, 413, 414, 417, 431, 501 or 505)
     * @param reason what was wrong, for the response body and logs (never the client's bytes)
     */
    record Failed(int status, String reason) implements ParseResult {
        /** Checks the status is an error. */
        public Failed {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("not an error status: " + status);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }
}
