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
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.PeerCredentials;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.StreamConnection;
import org.socketserver4j.core.engine.TaskScheduler;
import org.socketserver4j.core.engine.TimedReader;
import org.socketserver4j.core.engine.Timeouts;
import org.socketserver4j.core.handler.Scheduled;
import org.socketserver4j.core.tls.BlockingHandshake;
import org.socketserver4j.core.tls.TlsSessionInfo;
import org.socketserver4j.core.tls.TlsTransport;

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
    /**
     * The read timeout where SO_TIMEOUT cannot keep it (a Unix-domain channel, or reads through
     * TLS, which read the channel itself), made by the first {@link #setReadTimeout}.
     */
    private volatile TimedReader timedReader;
    /** TLS between the channel and the handler, or {@code null} on a plain connection. */
    private final TlsTransport tls;
    private final Duration handshakeTimeout;
    private final TaskScheduler scheduler;
    private volatile TlsSessionInfo tlsSession;

    SocketConnection(SocketChannel channel, ServerHooks hooks, EngineSettings settings, Timeouts timeouts,
            TaskScheduler scheduler, ThreadingEngine engine) throws IOException {
        super(hooks, channel.getRemoteAddress(), channel.getLocalAddress(), settings, timeouts, scheduler,
                NOTHING);
        this.channel = channel;
        this.engine = engine;
        this.scheduler = scheduler;
        this.tls = settings.tls() == null ? null
                : new TlsTransport(channel, settings.tls().newEngine(), Runnable::run, () -> { });
        this.handshakeTimeout = settings.tls() == null ? null : settings.tls().handshakeTimeout();
    }

    /**
     * Starts the TLS handshake on a virtual thread of its own ({@link BlockingHandshake}); once
     * it is done, the connection goes to {@code then} on that thread. One that fails or times
     * out is counted in the TLS statistics and closed.
     */
    void startHandshake(Runnable then) {
        BlockingHandshake.start(this, tls, handshakeTimeout, scheduler, hooks.statistics().tls(), session -> {
            tlsSession = session;
            then.run();
        });
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {}", remoteAddress(), e);
        }
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
        return soTimeout ? socketInput.read(b, off, len) : readChannel(b, off, len);
    }

    @Override
    protected int readTransport(ByteBuffer dst) throws IOException {
        if (soTimeout || timedReader != null) {
            return super.readTransport(dst);
        }
        return tls != null ? tls.read(dst) : channel.read(dst);
    }

    /** The channel's own read, through TLS where there is TLS; for the {@link TimedReader} too. */
    private int readChannel(byte[] b, int off, int len) throws IOException {
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        return tls != null ? tls.read(dst) : channel.read(dst);
    }

    @Override
    protected void writeTransport(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            if (tls != null) {
                tls.write(data);
            } else {
                channel.write(data);
            }
        }
    }

    @Override
    protected void shutdownTransportOutput() throws IOException {
        if (tls != null) {
            sendCloseNotify();
        }
        channel.shutdownOutput();
    }

    @Override
    protected void closeTransport() throws IOException {
        try {
            if (tls != null && closeReason() == CloseReason.LOCAL) {
                sendCloseNotify();
            }
        } finally {
            channel.close();
            if (timedReader != null) {
                timedReader.stop();
            }
        }
    }

    /**
     * Ends the TLS output with a close_notify. The socket may be full of output the peer does
     * not read, so a timer closes the channel if the send has not finished in
     * {@value #CLOSE_NOTIFY_MILLIS} ms.
     */
    private void sendCloseNotify() {
        if (!tls.handshakeDone()) {
            return;
        }
        Scheduled guard = scheduler.schedule(this::closeQuietly,
                java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(CLOSE_NOTIFY_MILLIS));
        try {
            tls.closeOutbound();
            tls.flush();
        } catch (IOException e) {
            log.debug("close_notify to {}: {}", remoteAddress(), e.toString());
        } finally {
            guard.cancel();
        }
    }

    private static final long CLOSE_NOTIFY_MILLIS = 2000;

    /**
     * A read waits at most {@code timeout}, then throws {@link java.net.SocketTimeoutException}
     * and the connection stays usable; {@code null} or zero: no limit. SO_TIMEOUT over TCP.
     */
    @Override
    public void setReadTimeout(Duration timeout) {
        if (tls != null || localAddress() instanceof UnixDomainSocketAddress) {
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
