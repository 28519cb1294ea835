package org.socketserver4j.core.threading;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.ChannelOptions;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.StreamConnection;
import org.socketserver4j.core.engine.TaskScheduler;
import org.socketserver4j.core.engine.Timeouts;

/**
 * A connection served by a thread of its own: a blocking socket. The idle, read and write
 * timeouts are the watchdog's (on the engine's acceptor reactor); a handler's own read timeout
 * ({@code timeout}) is the socket's SO_TIMEOUT. Closing the channel wakes a blocked reader or
 * writer.
 */
final class SocketConnection extends StreamConnection {

    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);

    private final SocketChannel channel;
    private final InputStream socketInput;

    SocketConnection(SocketChannel channel, ServerHooks hooks, EngineSettings settings,
            TaskScheduler scheduler, Runnable onClosed) throws IOException {
        super(hooks, channel.getRemoteAddress(), channel.getLocalAddress(), settings,
                Timeouts.of(settings), scheduler, onClosed);
        this.channel = channel;
        this.socketInput = channel.socket().getInputStream();
    }

    @Override
    protected int readTransport(byte[] b, int off, int len) throws IOException {
        return socketInput.read(b, off, len);
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
    }

    /** Sets SO_TIMEOUT: a read waits at most {@code timeout}; {@code null} or zero: no limit. */
    @Override
    public void setReadTimeout(Duration timeout) {
        int millis = timeout == null || timeout.isZero() ? 0
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            channel.socket().setSoTimeout(millis);
        } catch (IOException e) {
            log.debug("cannot set the read timeout on {}", remoteAddress(), e);
        }
    }

    @Override
    public void setNoDelay(boolean on) {
        ChannelOptions.setIfSupported(channel, StandardSocketOptions.TCP_NODELAY, on);
    }
}
