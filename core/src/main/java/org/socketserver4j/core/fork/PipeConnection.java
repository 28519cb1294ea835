package org.socketserver4j.core.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.StreamConnection;
import org.socketserver4j.core.engine.TaskScheduler;
import org.socketserver4j.core.engine.TimedReader;
import org.socketserver4j.core.engine.Timeouts;
import org.socketserver4j.core.tls.TlsSessionInfo;

/**
 * The connection as a forked child sees it: its stdin and its real stdout (the parent relays
 * both to the socket). It keeps the same contract as every connection (writes never block,
 * watermarks, tasks in the lane). The server's timeouts are the parent's business: it watches
 * the socket; a handler's own read timeout is kept here, by a {@link TimedReader}, as a pipe has
 * no SO_TIMEOUT. Its peer credentials and TLS session are the parent's, passed in the
 * {@link ChildHeader}: the parent keeps the socket and terminates TLS.
 */
final class PipeConnection extends StreamConnection {

    private static final Timeouts NONE = new Timeouts(0, 0, 0);

    private final TimedReader in;
    private final OutputStream out;
    private final Optional<UnixDomainPrincipal> peer;
    private final Optional<TlsSessionInfo> tls;

    PipeConnection(InputStream in, OutputStream out, SocketAddress client, SocketAddress local,
            Optional<UnixDomainPrincipal> peer, Optional<TlsSessionInfo> tls, ServerHooks hooks,
            EngineSettings settings, TaskScheduler scheduler) {
        super(hooks, client, local, settings, NONE, scheduler, () -> { });
        this.in = new TimedReader(in::read);
        this.out = out;
        this.peer = peer;
        this.tls = tls;
    }

    /** The credentials the parent read from the socket and passed in the header. */
    @Override
    public Optional<UnixDomainPrincipal> peerCredentials() {
        return peer;
    }

    /** The TLS session the parent terminated and passed in the header; empty on a plain connection. */
    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return tls;
    }

    @Override
    protected int readTransport(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    protected void writeTransport(ByteBuffer data) throws IOException {
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            out.write(copy);
        }
        out.flush();
    }

    @Override
    protected void shutdownTransportOutput() throws IOException {
        out.close();
    }

    @Override
    protected void closeTransport() throws IOException {
        out.close();
        in.stop();
    }

    /** A read waits at most {@code timeout}, then throws; the connection stays usable. */
    @Override
    public void setReadTimeout(Duration timeout) {
        in.setTimeout(timeout);
    }

    @Override
    public void setNoDelay(boolean on) {
        // the parent's socket has TCP_NODELAY already (a Unix-domain socket has no Nagle)
    }

    @Override
    public String toString() {
        return "connection " + remoteAddress() + " (forked child)";
    }
}
