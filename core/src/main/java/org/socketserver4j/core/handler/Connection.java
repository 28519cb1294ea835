package org.socketserver4j.core.handler;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.socketserver4j.core.tls.TlsSessionInfo;

/**
 * One client connection, as a handler sees it, the same under every server.
 *
 * <p>The contract, on every engine (docs/ARCHITECTURE.md has it as a table):
 * <ul>
 *   <li>{@link #write} never blocks the caller and is safe from any thread. Bytes the peer
 *       cannot take at once are queued. Above the server's high watermark {@link #isWritable()}
 *       turns false and the event handler hears {@link EventHandler#onWritabilityChanged}; below
 *       the low watermark both turn back. Beyond the hard cap ({@code maxOutboundBytes}) the
 *       connection is closed, for reason {@code OUTBOUND_LIMIT}, and counted: a handler that
 *       ignores writability cannot grow the heap without bound.</li>
 *   <li>The connection is idle when no byte moves either way: a peer that only receives is not
 *       idle.</li>
 *   <li>Callbacks never re-enter a handler: a {@code write} or {@code close} made inside a
 *       callback never calls {@code onWritabilityChanged} or {@code onClose} before that
 *       callback returns.</li>
 *   <li>{@link #execute} and {@link #schedule} run a task on the connection's own thread,
 *       one at a time with the handler's callbacks, while the connection is open.</li>
 * </ul>
 */
public interface Connection {

    /**
     * The address of the peer (socketserver's {@code client_address}). A Unix-domain client is
     * usually unnamed: its address is a {@link java.net.UnixDomainSocketAddress} with an empty
     * path, unless the client bound its socket to a path.
     */
    SocketAddress remoteAddress();

    /** The local address of this connection. */
    SocketAddress localAddress();

    /**
     * The peer's user and group on a Unix-domain connection, where the JDK reads them
     * ({@code SO_PEERCRED}: Linux and macOS), while the connection is open; empty on TCP.
     * Under ForkingServer the parent reads them and passes them to the child.
     */
    default Optional<UnixDomainPrincipal> peerCredentials() {
        return Optional.empty();
    }

    /**
     * The TLS session of a connection served over TLS (handlers start once its handshake is
     * done): protocol, cipher suite, the client's certificates, ALPN's choice and the server
     * name asked for. Empty on a plain connection.
     */
    default Optional<TlsSessionInfo> tlsSession() {
        return Optional.empty();
    }

    /** The server this connection belongs to. */
    Server server();

    /**
     * Queues the remaining bytes of {@code data} for sending and consumes them (its position
     * moves to its limit); never blocks. The caller may reuse the buffer once this returns.
     * Writing to a closed connection drops the bytes; it is not an error.
     */
    void write(ByteBuffer data);

    /** Queues all of {@code data} for sending. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Whether the queued output is below the high watermark (writes are welcome). */
    boolean isWritable();

    /** Stops reading from the peer until {@link #resumeReading()}; the transport's back-pressure follows. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}. */
    void resumeReading();

    /** Sends what is queued, then half-closes: the peer sees end of stream, reading goes on. */
    void shutdownOutput();

    /** Sends what is queued, then closes the connection. Idempotent. */
    void close();

    /** Whether the connection is still open. */
    boolean isOpen();

    /**
     * Runs {@code task} on this connection's thread, after the current callback if called from
     * one, never at the same time as another callback of this connection; safe from any thread.
     * An exception from the task is handled like one from a callback (the server's
     * {@code handleError}, then close). Tasks of a closed connection are dropped: {@code onClose}
     * is the last call a handler gets.
     */
    void execute(Runnable task);

    /**
     * Runs {@code task} as {@link #execute} does, once {@code delay} has passed; the task is
     * dropped if the connection closes first.
     */
    Scheduled schedule(Runnable task, Duration delay);
}
