package org.socketserver4j.handlers.http;

/**
 * Answers the requests a {@link Router} sends it. It runs on the connection's I/O thread, so
 * it must return quickly and never block for long: compute a response from the request and
 * memory, or open a file and return it as {@link HttpResponse#file} (the handler sends it as
 * the connection takes it). Must be thread-safe: one route serves every connection.
 *
 * <p>An exception becomes a 500 response and is logged; the connection goes on.
 */
@FunctionalInterface
public interface Route {

    /** The response to {@code request}. */
    HttpResponse handle(HttpRequest request) throws Exception;
}
