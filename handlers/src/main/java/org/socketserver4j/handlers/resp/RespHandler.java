package org.socketserver4j.handlers.resp;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/**
 * A Redis-compatible key-value server (RESP2), event family: good enough for
 * {@code redis-cli} and {@code redis-benchmark}. It parses requests with a
 * {@link RespParser}, runs them with {@link RespCommands} on a {@link RespStore} and encodes
 * replies with a {@link RespWriter}.
 *
 * <p>Pipelining: every complete command of a chunk runs, in order, and their replies go out
 * in one write (or one per {@value #FLUSH_THRESHOLD} bytes of replies). Back-pressure: when
 * the connection stops being writable (the client does not read its replies), the handler
 * stops running commands and pauses reading; what was already received waits in the parser,
 * bounded by its limits, and runs when the connection is writable again. So a client that
 * pipelines without reading cannot grow the server's memory without bound.
 *
 * <p>Bad input gets Redis's error replies ({@code -ERR unknown command ...},
 * {@code -ERR wrong number of arguments ...}, {@code -ERR syntax error}, ...) and the
 * connection goes on; a framing error gets {@code -ERR Protocol error: ...} and the
 * connection is closed once it is sent, as Redis does. QUIT answers {@code +OK} and closes.
 *
 * <p>The no-argument constructor (the one {@code HandlerFactory.of(RespHandler.class)} uses)
 * serves the process-wide {@link RespStore#shared()} store, shared safely by every
 * connection and worker thread. Under {@code ForkingServer} each connection runs in a child
 * JVM of its own, so each connection has a store of its own that ends with it: keys set on
 * one connection are not seen by another.
 */
public class RespHandler implements EventHandler {

    /** Replies are written out at the latest once this many bytes of them are encoded. */
    public static final int FLUSH_THRESHOLD = 64 * 1024;

    /**
     * The logger, made when something is first logged: a forked child that logs nothing
     * never starts SLF4J (about 15 ms of its start).
     */
    private static Logger log() {
        return LogHolder.LOG;
    }

    private static final class LogHolder {
        static final Logger LOG = LoggerFactory.getLogger(RespHandler.class);
    }

    private final RespParser parser;
    private final RespCommands commands;
    private final RespWriter replies = new RespWriter();
    /** Reading is paused until the connection is writable; commands may wait in the parser. */
    private boolean paused;
    /** QUIT or a protocol error: the connection is closing and input is ignored. */
    private boolean closing;
    private boolean inputEnded;

    /** A handler on the process-wide {@link RespStore#shared()} store, with default limits. */
    public RespHandler() {
        this(RespStore.shared(), RespLimits.defaults());
    }

    /** A handler on {@code store}, whose parser enforces {@code limits}. */
    public RespHandler(RespStore store, RespLimits limits) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(limits, "limits");
        this.parser = new RespParser(limits);
        this.commands = new RespCommands(store, limits);
    }

    /** Parses the bytes and runs every complete command, unless reading is paused. */
    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (closing) {
            data.position(data.limit());
            return;
        }
        parser.feed(data);
        if (!paused) {
            drain(connection);
        }
    }

    /** Once the client has read enough, runs the commands that waited and reads again. */
    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        if (!writable || !paused || closing) {
            return;
        }
        paused = false;
        drain(connection);
        if (paused || closing) {
            return;
        }
        if (inputEnded) {
            connection.close();
        } else {
            connection.resumeReading();
        }
    }

    /** The client has ended its stream: closes, after the commands that wait have run. */
    @Override
    public void onInputClosed(Connection connection) {
        inputEnded = true;
        if (!paused) {
            connection.close();
        }
    }

    /** Runs the complete commands in the parser, in order, until it needs more bytes. */
    private void drain(Connection connection) {
        while (connection.isOpen()) {
            ParseResult result = parser.next();
            switch (result) {
                case ParseResult.NeedMore needMore -> {
                    replies.writeTo(connection);
                    if (!connection.isWritable()) {
                        pause(connection);
                    }
                    return;
                }
                case ParseResult.Command command -> {
                    if (commands.execute(command.arguments(), replies) == RespCommands.Outcome.CLOSE) {
                        closeAfterReplies(connection);
                        return;
                    }
                    if (replies.size() >= FLUSH_THRESHOLD) {
                        replies.writeTo(connection);
                        if (!connection.isWritable()) {
                            pause(connection);
                            return;
                        }
                    }
                }
                case ParseResult.ProtocolError error -> {
                    log().debug("closing {}: {}", connection.remoteAddress(), error.message());
                    replies.error(error.message());
                    closeAfterReplies(connection);
                    return;
                }
            }
        }
        // closed (a write found it broken, or its queued output passed the server's cap): what
        // is left is dropped with it; onClose follows once this callback returns
    }

    private void pause(Connection connection) {
        if (!paused) {
            paused = true;
            connection.pauseReading();
        }
    }

    private void closeAfterReplies(Connection connection) {
        closing = true;
        replies.writeTo(connection);
        connection.close();
    }
}
