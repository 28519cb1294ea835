package org.socketserver4j.handlers.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.ApplicationProtocols;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/**
 * HTTP/1.1 on one connection, in the event family: parses requests as bytes arrive, routes
 * them through a {@link Router} and writes the responses, in order.
 *
 * <ul>
 *   <li><b>Keep-alive and pipelining.</b> Every complete request in a chunk of input is
 *       answered, in order, before more is read; the responses of one pass go out in one write.
 *       HTTP/1.1 keeps the connection unless a side says {@code Connection: close}; HTTP/1.0
 *       only with {@code Connection: keep-alive}.</li>
 *   <li><b>Bodies.</b> {@code Content-Length} and chunked request bodies (with trailers) up to
 *       the body limit; {@code Expect: 100-continue} gets {@code 100 Continue}, or the error at
 *       once when the announced length is too long. {@code HEAD} gets the headers of
 *       {@code GET} without the body. Every response has {@code Date} (formatted at most once a
 *       second) and {@code Server: socketserver4j}.</li>
 *   <li><b>Errors.</b> Malformed input gets 400, a long request line 414, a large header
 *       section 431, a long body 413, another HTTP major version 505 (see
 *       {@link HttpRequestParser}); then the connection is closed. A route that throws gets 500
 *       and the connection goes on.</li>
 *   <li><b>Closing.</b> After a response that closes the connection, output is shut (the
 *       client sees the end of the response and of the stream) and what the client still sends
 *       is read and dropped until it closes (at most 256 KiB, then the connection is closed), so
 *       the response is not lost to a reset. The server's idle timeout bounds the wait.</li>
 *   <li><b>Back-pressure.</b> While the connection is not writable, or a body is still being
 *       sent, reading is paused and unread input is kept (at most one read's worth); it resumes
 *       when the connection drains. A client that pipelines without reading cannot grow the
 *       server's output past the connection's high watermark by more than one batch of
 *       gathered responses (about 16 KiB) or one 64 KiB piece of a body: bodies over 8 KiB, in
 *       memory or in files, are written a piece at a time as the connection can take them.</li>
 *   <li><b>Files.</b> A file body is read 64 KiB at a time, into a direct buffer (off the Java
 *       heap), only while the connection is writable. The core {@code Connection} has no
 *       zero-copy transfer ({@code sendfile}) yet, so the bytes are copied once from the page
 *       cache into that buffer; the socket takes them from there. Each read of a local file is
 *       a short blocking call on the I/O thread, as is opening it.</li>
 * </ul>
 *
 * <p>This handler runs on the connection's own thread and never blocks it for long: on every
 * server {@code write} never blocks and writability has the same meaning. Callbacks never
 * re-enter it (a write or close inside a callback reports writability and closing after that
 * callback returns), so it needs no guard against being called from inside its own writes.
 *
 * <p>The no-argument constructor, which a server uses for {@code HandlerFactory.of(HttpHandler.class)}
 * and a {@code ForkingServer} child always uses, serves {@link #defaultRoutes()} with
 * {@link HttpLimits#fromSystemProperties()}, plus a directory of static files when the system
 * property {@value #STATIC_ROOT_PROPERTY} names one (mounted at the property
 * {@value #STATIC_PREFIX_PROPERTY}, default {@value #DEFAULT_STATIC_PREFIX}). For a
 * {@code ForkingServer}, pass these properties to the children with
 * {@code setChildJvmOptions}, or subclass this handler with a public no-argument constructor
 * that calls {@link #HttpHandler(Router, HttpLimits)}.
 */
@ApplicationProtocols("http/1.1")
public class HttpHandler implements EventHandler {

    /** System property: a directory the no-argument constructor serves as static files. */
    public static final String STATIC_ROOT_PROPERTY = "socketserver4j.http.static";
    /** System property: where that directory is mounted (default {@value #DEFAULT_STATIC_PREFIX}). */
    public static final String STATIC_PREFIX_PROPERTY = "socketserver4j.http.staticPrefix";
    /** Where the static directory is mounted by default. */
    public static final String DEFAULT_STATIC_PREFIX = "/static/";
    /** The body of {@code /plaintext}, as the TechEmpower plaintext test wants it. */
    public static final String PLAINTEXT = "Hello, World!";

    /**
     * The logger, made when something is first logged: a forked child that logs nothing
     * never starts SLF4J (about 15 ms of its start).
     */
    private static Logger log() {
        return LogHolder.LOG;
    }

    private static final class LogHolder {
        static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);
    }
    private static final HttpResponse PLAINTEXT_RESPONSE =
            HttpResponse.bytes(HttpStatus.OK, "text/plain", PLAINTEXT.getBytes(StandardCharsets.US_ASCII));
    private static final HttpResponse HELLO_RESPONSE = HttpResponse.text(HttpStatus.OK, "Hello from socketserver4j!\n");
    /** Gathered responses are flushed once they reach this size. */
    private static final int FLUSH_THRESHOLD = 16 * 1024;
    /** Bodies up to this size join the gathered responses; larger ones go out piece by piece. */
    private static final int INLINE_BODY_MAX = 8 * 1024;
    /** Input kept while reading is paused, at most; more means the peer ignored the pause. */
    private static final int MAX_HELD_BYTES = 256 * 1024;
    /** Input read and dropped after a closing response, at most. */
    private static final int MAX_LINGER_BYTES = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> FILE_BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BodyTransfer.PIECE));

    private static volatile Defaults defaults;

    private enum Phase { OPEN, CLOSING, CLOSED }

    private final Router router;
    private final HttpRequestParser parser;
    private final OutputBatch out = new OutputBatch();

    private Phase phase = Phase.OPEN;
    /** The input being parsed: the buffer of the current {@code onData}, or {@link #held}. */
    private ByteBuffer input;
    /** Unparsed input kept across calls while reading is paused. */
    private ByteBuffer held;
    private BodyTransfer transfer;
    private ByteBuffer ownFileBuffer;
    private boolean readingPaused;
    private boolean inputClosed;
    private long lingered;

    /**
     * The default handler: {@link #defaultRoutes()}, static files when
     * {@value #STATIC_ROOT_PROPERTY} is set, and {@link HttpLimits#fromSystemProperties()}.
     *
     * @throws IllegalArgumentException if a property is invalid (the static directory does not
     *     exist, a limit is not a number)
     */
    public HttpHandler() {
        this(currentDefaults());
    }

    private HttpHandler(Defaults defaults) {
        this(defaults.router, defaults.limits);
    }

    /** A handler routing through {@code router}, with the default limits. */
    public HttpHandler(Router router) {
        this(router, HttpLimits.defaults());
    }

    /** A handler routing through {@code router} and enforcing {@code limits}. */
    public HttpHandler(Router router, HttpLimits limits) {
        this.router = Objects.requireNonNull(router, "router");
        this.parser = new HttpRequestParser(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * A router builder holding the default routes, to add to: {@code GET /plaintext}
     * ({@value #PLAINTEXT} as {@code text/plain}, the TechEmpower plaintext test),
     * {@code GET /hello} (a greeting), and {@code POST} and {@code PUT /echo} (the request body
     * back, with its {@code Content-Type}).
     */
    public static Router.Builder defaultRoutes() {
        return Router.builder()
                .get("/plaintext", request -> PLAINTEXT_RESPONSE)
                .get("/hello", request -> HELLO_RESPONSE)
                .post("/echo", HttpHandler::echo)
                .put("/echo", HttpHandler::echo);
    }

    /**
     * The router of the no-argument constructor: {@link #defaultRoutes()}, and the directory
     * {@value #STATIC_ROOT_PROPERTY} names, if set, mounted at {@value #STATIC_PREFIX_PROPERTY}.
     *
     * @throws IllegalArgumentException if the static directory cannot be served
     */
    public static Router defaultRouter() {
        Router.Builder routes = defaultRoutes();
        String root = System.getProperty(STATIC_ROOT_PROPERTY);
        if (root != null && !root.isBlank()) {
            String prefix = System.getProperty(STATIC_PREFIX_PROPERTY, DEFAULT_STATIC_PREFIX);
            try {
                routes.mount(prefix, new StaticFiles(Path.of(root)));
            } catch (IOException e) {
                throw new IllegalArgumentException(STATIC_ROOT_PROPERTY + " = " + root
                        + " cannot be served: " + e, new UncheckedIOException(e));
            }
        }
        return routes.build();
    }

    private static HttpResponse echo(HttpRequest request) {
        String type = request.header("Content-Type");
        return HttpResponse.bytes(HttpStatus.OK, type == null ? ContentTypes.OCTET_STREAM : type, request.bodyArray());
    }

    /** The defaults, made once per distinct set of system properties, not once per connection. */
    private static Defaults currentDefaults() {
        String key = System.getProperty(STATIC_ROOT_PROPERTY) + '\n' + System.getProperty(STATIC_PREFIX_PROPERTY)
                + '\n' + System.getProperty(HttpLimits.MAX_REQUEST_LINE_PROPERTY)
                + '\n' + System.getProperty(HttpLimits.MAX_HEADER_BYTES_PROPERTY)
                + '\n' + System.getProperty(HttpLimits.MAX_HEADER_COUNT_PROPERTY)
                + '\n' + System.getProperty(HttpLimits.MAX_BODY_BYTES_PROPERTY);
        Defaults current = defaults;
        if (current == null || !current.key.equals(key)) {
            current = new Defaults(key, defaultRouter(), HttpLimits.fromSystemProperties());
            defaults = current;
        }
        return current;
    }

    private record Defaults(String key, Router router, HttpLimits limits) {}

    // ------------------------------------------------------------------ events

    @Override
    public final void onData(Connection connection, ByteBuffer data) {
        if (phase != Phase.OPEN) {
            linger(connection, data);
            return;
        }
        if (held != null) {
            // reading was paused, yet bytes came: keep them behind the others, within a bound
            held = append(held, data);
            if (held.remaining() > MAX_HELD_BYTES) {
                log().debug("{} sent {} bytes while reading was paused; closing", connection.remoteAddress(),
                        held.remaining());
                closeNow(connection);
                return;
            }
            input = held;
            serve(connection);
            return;
        }
        input = data;
        try {
            serve(connection);
        } finally {
            if (input == data) {
                // the buffer is the server's and valid only during this call: keep what is left
                input = null;
                if (data.hasRemaining() && phase == Phase.OPEN) {
                    held = append(null, data);
                    input = held;
                }
            }
            data.position(data.limit());
        }
    }

    @Override
    public final void onWritabilityChanged(Connection connection, boolean writable) {
        if (writable && phase == Phase.OPEN) {
            serve(connection);
        }
    }

    @Override
    public final void onInputClosed(Connection connection) {
        inputClosed = true;
        if (phase == Phase.OPEN) {
            serve(connection);
        } else {
            closeNow(connection);
        }
    }

    @Override
    public final void onClose(Connection connection) {
        phase = Phase.CLOSED;
        if (transfer != null) {
            transfer.close();
            transfer = null;
        }
        held = null;
        input = null;
        ownFileBuffer = null;
        out.clear();
    }

    // ------------------------------------------------------------------ serving

    /**
     * Answers every complete request in the input, in order, until the input is used up, the
     * connection is not writable, a body is still being sent, or the connection closes.
     */
    private void serve(Connection connection) {
        try {
            while (phase == Phase.OPEN) {
                if (transfer != null && !sendBody(connection)) {
                    if (phase == Phase.OPEN) {
                        pauseReading(connection);
                    }
                    return;
                }
                if (phase != Phase.OPEN) {
                    return;
                }
                if (out.size() >= FLUSH_THRESHOLD) {
                    out.flushTo(connection);
                }
                if (!connection.isWritable()) {
                    pauseReading(connection);
                    return;
                }
                ByteBuffer in = input;
                if (in == null || !in.hasRemaining()) {
                    if (in != null && in == held) {
                        held = null;
                        input = null;
                    }
                    if (inputClosed) {
                        out.flushTo(connection);
                        closeNow(connection);
                    } else {
                        resumeReading(connection);
                    }
                    return;
                }
                ParseResult result = parser.parse(in);
                if (result instanceof ParseResult.Complete complete) {
                    respond(connection, complete.request());
                } else if (result instanceof ParseResult.Failed failed) {
                    fail(connection, failed);
                } else if (in.hasRemaining()) {
                    // NEED_MORE always consumes its input; anything else would spin here
                    log().error("parser left {} bytes unread asking for more; closing", in.remaining());
                    closeNow(connection);
                } else if (parser.takeExpectContinue()) {
                    out.bytes(ResponseEncoder.CONTINUE);
                }
            }
        } finally {
            if (phase == Phase.OPEN) {
                out.flushTo(connection);
            }
        }
    }

    private void respond(Connection connection, HttpRequest request) {
        HttpResponse response = dispatch(request);
        boolean head = request.method().equals("HEAD");
        boolean close = !request.keepAlive() || response.closesConnection();
        ResponseEncoder.writeHead(response, head, close, request.minorVersion() == 0, out);
        boolean bodyless = head || HttpStatus.hasNoBody(response.status());
        if (bodyless) {
            response.discard();
        } else if (response.file() != null) {
            startTransfer(connection, BodyTransfer.ofFile(response.file(), response.bodyLength(), close));
            return;
        } else if (response.body().length > INLINE_BODY_MAX) {
            startTransfer(connection, BodyTransfer.ofBytes(response.body(), close));
            return;
        } else {
            out.bytes(response.body());
        }
        if (close) {
            closeGracefully(connection);
        }
    }

    private HttpResponse dispatch(HttpRequest request) {
        try {
            return router.route(request);
        } catch (Exception e) {
            log().warn("route for {} {} failed", request.method(), request.path(), e);
            return HttpResponse.text(HttpStatus.INTERNAL_SERVER_ERROR, "500 Internal Server Error\n");
        }
    }

    private void fail(Connection connection, ParseResult.Failed failed) {
        log().debug("{}: {} {}", connection.remoteAddress(), failed.status(), failed.reason());
        HttpResponse response = HttpResponse.text(failed.status(),
                failed.status() + " " + HttpStatus.reasonPhrase(failed.status()) + ": " + failed.reason() + "\n");
        ResponseEncoder.writeHead(response, false, true, false, out);
        out.bytes(response.body());
        closeGracefully(connection);
    }

    private void startTransfer(Connection connection, BodyTransfer body) {
        out.flushTo(connection);
        transfer = body;
    }

    /**
     * Sends pieces of the current body while the connection is writable.
     *
     * @return true once the body is all sent (the connection may then be closing)
     */
    private boolean sendBody(Connection connection) {
        BodyTransfer body = transfer;
        try {
            while (body.hasRemaining()) {
                if (!connection.isOpen() || !connection.isWritable()) {
                    // closed meanwhile (its onClose follows this callback), or full for now
                    return false;
                }
                ByteBuffer piece = body.next(fileBuffer());
                if (piece == null) {
                    log().debug("file shrank while being sent to {}; closing", connection.remoteAddress());
                    closeNow(connection);
                    return false;
                }
                connection.write(piece);
            }
        } catch (IOException e) {
            log().debug("cannot read the file sent to {}: {}", connection.remoteAddress(), e.toString());
            closeNow(connection);
            return false;
        }
        transfer = null;
        body.close();
        if (body.closeAfter()) {
            closeGracefully(connection);
        }
        return true;
    }

    /** A direct buffer for file pieces: one per I/O thread, or this handler's own on a virtual thread. */
    private ByteBuffer fileBuffer() {
        if (!Thread.currentThread().isVirtual()) {
            return FILE_BUFFERS.get();
        }
        if (ownFileBuffer == null) {
            ownFileBuffer = ByteBuffer.allocateDirect(BodyTransfer.PIECE);
        }
        return ownFileBuffer;
    }

    // ------------------------------------------------------------------ closing

    /** Sends what is gathered, shuts output, and reads and drops input until the peer closes. */
    private void closeGracefully(Connection connection) {
        out.flushTo(connection);
        phase = Phase.CLOSING;
        dropInput();
        if (inputClosed) {
            closeNow(connection);
            return;
        }
        connection.shutdownOutput();
        resumeReading(connection);
    }

    private void linger(Connection connection, ByteBuffer data) {
        lingered += data.remaining();
        data.position(data.limit());
        if (phase == Phase.CLOSING && lingered > MAX_LINGER_BYTES) {
            closeNow(connection);
        }
    }

    /** Closes once queued output is sent, dropping unread input. */
    private void closeNow(Connection connection) {
        phase = Phase.CLOSED;
        dropInput();
        if (transfer != null) {
            transfer.close();
            transfer = null;
        }
        connection.close();
    }

    private void dropInput() {
        if (input != null) {
            input.position(input.limit());
        }
        input = null;
        held = null;
    }

    private void pauseReading(Connection connection) {
        if (!readingPaused) {
            readingPaused = true;
            connection.pauseReading();
        }
    }

    private void resumeReading(Connection connection) {
        if (readingPaused) {
            readingPaused = false;
            connection.resumeReading();
        }
    }

    /** {@code kept}'s remaining bytes (if any) followed by {@code more}'s, in a new heap buffer. */
    private static ByteBuffer append(ByteBuffer kept, ByteBuffer more) {
        int keptBytes = kept == null ? 0 : kept.remaining();
        ByteBuffer joined = ByteBuffer.allocate(keptBytes + more.remaining());
        if (kept != null) {
            joined.put(kept);
        }
        joined.put(more);
        return joined.flip();
    }
}
