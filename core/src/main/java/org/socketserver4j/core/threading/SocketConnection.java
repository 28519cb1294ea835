package org.socketserver4j.core.threading;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.ChannelOptions;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.PeerCredentials;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.StreamConnection;
import org.socketserver4j.core.engine.TaskScheduler;
import org.socketserver4j.core.engine.TimedReader;
import org.socketserver4j.core.engine.Timeouts;

/**
 * A connection served by a thread of its own: a blocking socket. The idle, read and write
 * timeouts are the watchdog's (on the engine's acceptor reactor); a handler's own read timeout
 * ({@code timeout}) is the socket's SO_TIMEOUT over TCP, and a {@link TimedReader} over a
 * Unix-domain socket, whose channel has no SO_TIMEOUT. Closing the channel wakes a blocked
 * reader or writer.
 */
final class SocketConnection extends StreamConnection {

    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);

    private static final Runnable NOTHING = () -> { };

    private final SocketChannel channel;
    /**
     * The socket's stream, made by the first {@link #setReadTimeout}: the channel's socket
     * adaptor and its stream are three objects a connection without a read timeout never uses.
     */
    private volatile InputStream socketInput;
    private final ThreadingEngine engine;
    /** Whether SO_TIMEOUT is set: reads then go through the socket's stream. */
    private volatile boolean soTimeout;
    /** A Unix-domain connection's read timeout, made by the first {@link #setReadTimeout}. */
    private volatile TimedReader timedReader;

    SocketConnection(SocketChannel channel, ServerHooks hooks, EngineSettings settings, Timeouts timeouts,
            TaskScheduler scheduler, ThreadingEngine engine) throws IOException {
        super(hooks, channel.getRemoteAddress(), channel.getLocalAddress(), settings, timeouts, scheduler,
                NOTHING);
        this.channel = channel;
        this.engine = engine;
    }

    /** Tells the engine, which forgets it. */
    @Override
    protected void closed() {
        engine.forget(this);
    }

    /**
     * Straight from the channel while no read timeout is set (the socket's stream is what
     * honours SO_TIMEOUT): fewer frames on the stack of a thread parked in a read, which is
     * what an idle connection's thread keeps on the heap.
     */
    @Override
    protected int readTransport(byte[] b, int off, int len) throws IOException {
        if (timedReader != null) {
            return timedReader.read(b, off, len);
        }
        return soTimeout ? socketInput.read(b, off, len) : channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    protected int readTransport(ByteBuffer dst) throws IOException {
        return soTimeout || timedReader != null ? super.readTransport(dst) : channel.read(dst);
    }

    /** The channel's own read, for the {@link TimedReader}. */
    private int readChannel(byte[] b, int off, int len) throws IOException {
        return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    protected void writeTransport(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    @Override
    protected void shutdownTransportOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    protected void closeTransport() throws IOException {
        channel.close();
        if (timedReader != null) {
            timedReader.stop();
        }
    }

    /**
     * A read waits at most {@code timeout}, then throws {@link java.net.SocketTimeoutException}
     * and the connection stays usable; {@code null} or zero: no limit. SO_TIMEOUT over TCP.
     */
    @Override
    public void setReadTimeout(Duration timeout) {
        if (localAddress() instanceof UnixDomainSocketAddress) {
            if (timedReader == null && timeout != null && timeout.isPositive()) {
                timedReader = new TimedReader(this::readChannel);
            }
            if (timedReader != null) {
                timedReader.setTimeout(timeout);
            }
            return;
        }
        int millis = timeout == null || timeout.isZero() ? 0
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            if (millis > 0 && socketInput == null) {
                socketInput = channel.socket().getInputStream();
            }
            channel.socket().setSoTimeout(millis);
            soTimeout = millis > 0;
        } catch (IOException e) {
            log.debug("cannot set the read timeout on {}", remoteAddress(), e);
        }
    }

    @Override
    public void setNoDelay(boolean on) {
        ChannelOptions.setIfSupported(channel, StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public Optional<UnixDomainPrincipal> peerCredentials() {
        return PeerCredentials.of(channel);
    }
}
