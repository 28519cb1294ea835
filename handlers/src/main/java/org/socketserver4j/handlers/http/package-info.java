/**
 * HTTP/1.1 for the event family: an origin server with keep-alive, pipelining, a small
 * router and a safe static-file route, built only on core's public handler API.
 *
 * <p>The pieces, each with one job:
 * <ul>
 *   <li>{@link org.socketserver4j.handlers.http.HttpRequestParser}: an incremental parser of
 *       requests (request line, header fields, {@code Content-Length} and chunked bodies with
 *       trailers) that never buffers past its {@link org.socketserver4j.handlers.http.HttpLimits}
 *       and answers each call with a {@link org.socketserver4j.handlers.http.ParseResult}: more
 *       bytes needed, a request, or an error status;</li>
 *   <li>{@link org.socketserver4j.handlers.http.HttpRequest},
 *       {@link org.socketserver4j.handlers.http.HttpResponse} and
 *       {@link org.socketserver4j.handlers.http.HttpHeaders}: value types;</li>
 *   <li>{@link org.socketserver4j.handlers.http.Router}: routes by method and exact path or path
 *       prefix to a {@link org.socketserver4j.handlers.http.Route}, answering 404, or 405 with an
 *       {@code Allow} header;</li>
 *   <li>{@link org.socketserver4j.handlers.http.StaticFiles}: a route serving a directory that
 *       refuses path escapes (encoded or through symbolic links) and answers
 *       {@code If-Modified-Since} with 304;</li>
 *   <li>{@link org.socketserver4j.handlers.http.HttpDate}: the {@code Date} header, formatted at
 *       most once a second;</li>
 *   <li>{@link org.socketserver4j.handlers.http.HttpHandler}: the
 *       {@link org.socketserver4j.core.handler.EventHandler} tying them to a connection.</li>
 * </ul>
 *
 * <p>The handler runs under every server, the same way on each: it never blocks its
 * connection's thread for long and stops reading from a client that does not read its
 * responses. Not goals: HTTP/2, TLS, range requests, content coding.
 *
 * <pre>{@code
 * Router router = HttpHandler.defaultRoutes()
 *         .get("/time", request -> HttpResponse.text(200, Instant.now() + "\n"))
 *         .mount("/static/", new StaticFiles(Path.of("public")))
 *         .build();
 * var server = new HybridServer(new InetSocketAddress(8080),
 *         HandlerFactory.event(HttpHandler.class, () -> new HttpHandler(router, HttpLimits.defaults())));
 * server.serveForever();
 * }</pre>
 */
package org.socketserver4j.handlers.http;
