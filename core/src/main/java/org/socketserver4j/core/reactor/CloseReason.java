package org.socketserver4j.core.reactor;

/** Why a connection closed; it decides what a blocked reader or writer is told. */
enum CloseReason {
    /** The handler or the server closed it after sending what was queued. */
    LOCAL,
    /** The peer reset it or a read or write failed. */
    IO_ERROR,
    /** A handler threw. */
    HANDLER_ERROR,
    /** No traffic for the idle timeout. */
    IDLE_TIMEOUT,
    /** Nothing read for the read timeout. */
    READ_TIMEOUT,
    /** Queued output made no progress for the write timeout. */
    WRITE_TIMEOUT,
    /** The server closed it at the end of its close grace period, or its reactor stopped. */
    SERVER_CLOSE
}
