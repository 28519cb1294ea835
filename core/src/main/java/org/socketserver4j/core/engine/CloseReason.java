package org.socketserver4j.core.engine;

/** Why a connection closed; it decides what a blocked reader or writer is told. */
public enum CloseReason {
    /** The handler or the server closed it after sending what was queued. */
    LOCAL,
    /** The peer reset it or a read or write failed. */
    IO_ERROR,
    /** A handler threw. */
    HANDLER_ERROR,
    /** No progress either way for the idle timeout. */
    IDLE_TIMEOUT,
    /** Nothing read for the read timeout. */
    READ_TIMEOUT,
    /** Queued output made no progress for the write timeout. */
    WRITE_TIMEOUT,
    /** Queued output passed the server's hard cap ({@code maxOutboundBytes}): the peer does not read. */
    OUTBOUND_LIMIT,
    /** The server closed it at the end of its close grace period, or its reactor stopped. */
    SERVER_CLOSE;

    /** What a reader or writer blocked on a connection closed for this reason is told. */
    public java.io.IOException toException() {
        return switch (this) {
            case IDLE_TIMEOUT -> new java.net.SocketTimeoutException("connection closed: idle timeout");
            case READ_TIMEOUT -> new java.net.SocketTimeoutException("connection closed: read timeout");
            case WRITE_TIMEOUT -> new java.net.SocketTimeoutException("connection closed: write timeout");
            case OUTBOUND_LIMIT -> new java.net.SocketException(
                    "connection closed: queued output passed the server's maxOutboundBytes");
            case SERVER_CLOSE -> new java.net.SocketException("connection closed by the server");
            case IO_ERROR -> new java.net.SocketException("connection reset");
            case LOCAL, HANDLER_ERROR -> new java.net.SocketException("connection closed");
        };
    }
}
