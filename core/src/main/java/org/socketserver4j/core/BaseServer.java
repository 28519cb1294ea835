package org.socketserver4j.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.datagram.DatagramConcurrency;
import org.socketserver4j.core.datagram.DatagramEngine;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.datagram.DatagramOptions;
import org.socketserver4j.core.datagram.DatagramSockets;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.handler.Server;
import org.socketserver4j.core.stats.ServerStatistics;
import org.socketserver4j.core.tls.TlsContext;
import org.socketserver4j.core.tls.TlsOptions;

/**
 * Python's {@code socketserver.BaseServer} and {@code TCPServer}: binding, the serving loop,
 * the request pipeline and close. A subclass picks the concurrency strategy by supplying the
 * {@link Engine}; the handler classes are the same under every subclass.
 *
 * <p>The pipeline for each connection, as in socketserver: {@link #verifyRequest} (refused:
 * {@link #shutdownRequest}, no handler is made), {@link #processRequest} (hands it to the
 * engine), then on the handler's thread {@link #finishRequest} (makes the handler and runs
 * setup/handle/finish), {@link #handleError} on an exception, and {@link #shutdownRequest}.
 * Override any of them.
 *
 * <p>The address picks the transport: an {@link java.net.InetSocketAddress} serves TCP
 * ({@code TCPServer}), a {@link java.net.UnixDomainSocketAddress} a Unix-domain stream socket
 * ({@code UnixStreamServer}), with the same handlers; see {@link #setUnixSocketPermissions} and
 * {@link Connection#peerCredentials()}. There is no Unix-domain datagram server: the JDK has no
 * Unix-domain datagram channel.
 *
 * <p>Options are set between construction (with {@code bindAndActivate = false} for the
 * socket options) and the first {@code serveForever} or {@code handleRequest}.
 *
 * <p>This class is the socketserver surface; the work is done by three package-private
 * parts: {@code ServerOptions} (the option values and their checks), {@code ServerLifecycle}
 * (the states, the listener, serving, shutdown and close) and {@code RequestPipeline} (the
 * engine's {@link ServerHooks}: the pipeline above, with the statistics).
 */
public abstract class BaseServer implements Server, AutoCloseable {

    /** socketserver's default poll interval for {@link #serviceActions()}: 0.5 s. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    /** Connections with no traffic for this long are closed unless configured otherwise. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #close()} lets open connections finish before closing them. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
    /** The default hard cap on one connection's queued output: 64 MiB. */
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = EngineSettings.DEFAULT_MAX_OUTBOUND_BYTES;

    private static final Logger log = LoggerFactory.getLogger(BaseServer.class);

    private final SocketAddress requestedAddress;
    private final HandlerFactory handlerFactory;
    private final ServerOptions options;
    private final RequestPipeline pipeline;
    private final ServerLifecycle lifecycle;
    private final DatagramHandlerFactory datagramFactory;
    private final DatagramOptions datagramOptions = new DatagramOptions();

    /**
     * Makes a server for {@code address} whose connections are served by handlers from
     * {@code handlerFactory}.
     *
     * @param bindAndActivate bind and listen now; pass {@code false} to set socket options
     *     first, then call {@link #serverBind()} and {@link #serverActivate()}
     * @throws IOException if binding fails; the socket is released
     */
    protected BaseServer(SocketAddress address, HandlerFactory handlerFactory,
            boolean bindAndActivate) throws IOException {
        this(address, Objects.requireNonNull(handlerFactory, "handlerFactory"), null, bindAndActivate);
    }

    /**
     * Makes a UDP server for {@code address} whose datagrams are served by handlers from
     * {@code datagramFactory}: socketserver's {@code UDPServer}. The subclass's
     * {@link #datagramConcurrency} says how handlers run; {@link #handlerFactory()} is
     * {@code null}. Set {@link #setMaxDatagramSize} and {@link #setReceiveBufferSize} with
     * {@code bindAndActivate = false}.
     *
     * @throws IOException if binding fails; the socket is released
     */
    protected BaseServer(SocketAddress address, DatagramHandlerFactory datagramFactory,
            boolean bindAndActivate) throws IOException {
        this(address, null, Objects.requireNonNull(datagramFactory, "datagramFactory"), bindAndActivate);
    }

    private BaseServer(SocketAddress address, HandlerFactory handlerFactory,
            DatagramHandlerFactory datagramFactory, boolean bindAndActivate) throws IOException {
        this.requestedAddress = Objects.requireNonNull(address, "address");
        this.handlerFactory = handlerFactory;
        this.datagramFactory = datagramFactory;
        this.options = new ServerOptions(this::threadNamePrefix);
        this.pipeline = new RequestPipeline(this, handlerFactory);
        this.lifecycle = new ServerLifecycle(this, pipeline);
        if (bindAndActivate) {
            try {
                serverBind();
                serverActivate();
            } catch (IOException | RuntimeException e) {
                serverClose();
                throw e;
            }
        }
    }

    /**
     * Makes this server's engine; called once, when serving first starts.
     *
     * @param settings the options in force
     * @param hooks the server's side of the request pipeline
     */
    protected abstract Engine newEngine(EngineSettings settings, ServerHooks hooks);

    /**
     * How this server runs datagram handlers when it serves UDP: the one hook a server class
     * overrides for UDP. The default is one reading loop with event handlers on it and blocking
     * handlers on the handler pool.
     *
     * @param settings the options in force (for the handler pool and the thread names)
     */
    protected DatagramConcurrency datagramConcurrency(EngineSettings settings) {
        return DatagramConcurrency.loop(settings.handlerExecutor());
    }

    /** Binds this UDP server's first socket (SO_REUSEPORT when it will have several). */
    DatagramChannel bindDatagrams(SocketAddress address) throws IOException {
        boolean several = datagramConcurrency(engineSettings()).readers() > 1;
        return DatagramSockets.bind(address, allowReuseAddress(), allowReusePort() || several,
                datagramOptions.receiveBufferSize());
    }

    /** The engine of a UDP server, on its bound first socket. */
    Engine newDatagramEngine(DatagramChannel bound) {
        EngineSettings settings = engineSettings();
        return new DatagramEngine(settings.name(), bound, datagramConcurrency(settings), datagramOptions,
                allowReuseAddress(), new DatagramPipeline(this, datagramFactory, pipeline.statistics()));
    }

    /** The settings the engine will run with; subclasses may adjust them. */
    protected EngineSettings engineSettings() {
        EngineSettings settings = options.engineSettings(threadNamePrefix());
        TlsContext tls = settings.tls();
        if (tls != null && tls.applicationProtocols().isEmpty() && handlerFactory != null
                && !handlerFactory.applicationProtocols().isEmpty()) {
            // ALPN offers what the handler declares, unless the context says otherwise
            return settings.withTls(tls.withApplicationProtocols(handlerFactory.applicationProtocols()));
        }
        return settings;
    }

    private String threadNamePrefix() {
        String kind = getClass().getSimpleName().isEmpty() ? "server" : getClass().getSimpleName();
        SocketAddress address = address();
        String where = address instanceof InetSocketAddress inet ? String.valueOf(inet.getPort())
                : String.valueOf(address);
        return kind + "-" + where;
    }

    // ------------------------------------------------------------------ binding

    /**
     * Opens the listening socket, applies the socket options and binds it. Java binds and
     * listens in one step, with a backlog of {@link #requestQueueSize()}.
     *
     * @throws IOException if the address cannot be bound; nothing is left open
     */
    public void serverBind() throws IOException {
        lifecycle.bind(requestedAddress, options);
    }

    /**
     * socketserver's {@code server_activate}: the socket already listens after
     * {@link #serverBind()} (Java binds and listens together), so this only checks the state.
     * Override to act once the server is listening.
     */
    public void serverActivate() throws IOException {
        if (lifecycle.state() == ServerState.NEW) {
            throw new IllegalStateException("serverActivate before serverBind");
        }
    }

    /** Closes the listening socket (socketserver's {@code server_close}); see {@link #close()}. */
    public void serverClose() {
        lifecycle.closeListener();
    }

    // ------------------------------------------------------------------ serving

    /** {@link #serveForever(Duration)} with socketserver's 0.5 s poll interval. */
    public void serveForever() {
        serveForever(DEFAULT_POLL_INTERVAL);
    }

    /**
     * Accepts and serves connections until {@link #shutdown()} or {@link #close()}; calls
     * {@link #serviceActions()} every {@code pollInterval} on this thread. Shutdown does not
     * wait for the poll interval: it wakes this thread at once. Returns at once when the
     * server was already shut down.
     *
     * @throws IllegalStateException if the server is not bound, is closed, or is already
     *     serving on another thread
     */
    public void serveForever(Duration pollInterval) {
        long pollNanos = Objects.requireNonNull(pollInterval, "pollInterval").toNanos();
        if (pollNanos <= 0) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        lifecycle.serveForever(pollNanos);
    }

    /**
     * Waits for one connection and hands it to its handler (socketserver's
     * {@code handle_request}). Waits at most {@link #timeout()}; when none arrives in time,
     * calls {@link #handleTimeout()}. Returns once the connection is handed over: its handler
     * runs on, as under socketserver's mix-ins. Returns at once after {@link #shutdown()}.
     */
    public void handleRequest() {
        lifecycle.handleRequest(options.timeout());
    }

    /**
     * Stops serving for good: the running {@link #serveForever} returns promptly (it is woken,
     * not polled), accepting stops, and a later {@code serveForever} or {@code handleRequest}
     * returns at once. Idempotent and safe from any thread, a handler's included; it does not
     * wait. Open connections go on until they end or {@link #close()} drains them.
     */
    @Override
    public void shutdown() {
        lifecycle.shutdown();
    }

    /**
     * Stops, drains and releases everything: stops accepting and closes the listener, lets
     * open connections finish for up to {@link #gracePeriod()}, closes those still open, then
     * stops the engine's threads and closes the TLS context it opened
     * ({@link #setTls(TlsOptions)}). Idempotent; safe from any thread except a handler's own
     * (there, use {@link #shutdown()}).
     */
    @Override
    public void close() {
        try {
            lifecycle.close();
        } finally {
            options.closeOwnedTls();
        }
    }

    /**
     * Lets open connections finish within the grace period, then closes the rest. Subclasses
     * that must not wait for handlers override it.
     */
    protected void drain(Engine e) throws InterruptedException {
        Duration gracePeriod = options.gracePeriod();
        if (!e.awaitIdle(gracePeriod)) {
            log.debug("{}: grace period of {} over; closing the connections still open", this, gracePeriod);
            e.closeAll();
        }
    }

    // ------------------------------------------------------------------ pipeline hooks

    /** Called by {@link #serveForever} every poll interval; the default does nothing. */
    protected void serviceActions() {}

    /** Called when {@link #handleRequest()} waited {@link #timeout()} in vain; does nothing. */
    protected void handleTimeout() {}

    /** Whether to serve this connection; {@code false} shuts it down unhandled. */
    protected boolean verifyRequest(Connection request, SocketAddress clientAddress) throws Exception {
        return true;
    }

    /** Hands the connection to the engine, which runs its handler. */
    protected void processRequest(Connection request, SocketAddress clientAddress) throws Exception {
        lifecycle.engine().process(request);
    }

    /** Makes the blocking handler and runs it: setup, handle, finish. */
    protected void finishRequest(Request request, SocketAddress clientAddress) throws Exception {
        if (!(handlerFactory instanceof HandlerFactory.Blocking blocking)) {
            throw new IllegalStateException("finishRequest needs a blocking handler factory");
        }
        blocking.newHandler().run(request, clientAddress, this);
    }

    /**
     * Reports an exception from a handler or a pipeline hook; the server goes on. The default
     * logs it at WARN with the client address through SLF4J.
     */
    protected void handleError(Connection request, SocketAddress clientAddress, Throwable error) {
        log.warn("error handling request from {}", clientAddress, error);
    }

    /** Ends a request: half-closes (the client sees end of stream), then {@link #closeRequest}. */
    protected void shutdownRequest(Connection request) {
        request.shutdownOutput();
        closeRequest(request);
    }

    /** Closes a request's connection. */
    protected void closeRequest(Connection request) {
        request.close();
    }

    // ------------------------------------------------------------------ accessors

    /** The engine, or {@code null} before serving first starts. */
    protected Engine engine() {
        return lifecycle.engine();
    }

    /** The state of this server. */
    public ServerState state() {
        return lifecycle.state();
    }

    @Override
    public SocketAddress serverAddress() {
        return address();
    }

    private SocketAddress address() {
        SocketAddress bound = lifecycle.boundAddress();
        return bound != null ? bound : requestedAddress;
    }

    @Override
    public ServerStatistics statistics() {
        return pipeline.statistics();
    }

    /** The factory that makes this server's handlers; {@code null} on a UDP server. */
    public HandlerFactory handlerFactory() {
        return handlerFactory;
    }

    /** Whether this server serves UDP (it was given a {@link DatagramHandlerFactory}). */
    public boolean servesDatagrams() {
        return datagramFactory != null;
    }

    /** The factory of this UDP server's handlers, or {@code null} on a stream server. */
    public DatagramHandlerFactory datagramHandlerFactory() {
        return datagramFactory;
    }

    /** The largest datagram a UDP server serves (default 8,192 bytes, as Python). */
    public int maxDatagramSize() {
        return datagramOptions.maxDatagramSize();
    }

    /**
     * Sets the largest datagram served, 1 to 65,507 bytes. A longer one is truncated by the
     * kernel: it is detected (received into a buffer one byte larger), counted in
     * {@code statistics().datagrams().truncated()}, passed to {@link #handleError} as a
     * {@link org.socketserver4j.core.datagram.DatagramTooLargeException} and dropped. Before
     * serving starts.
     */
    public void setMaxDatagramSize(int bytes) {
        requireNotStarted("maxDatagramSize");
        datagramOptions.setMaxDatagramSize(bytes);
    }

    /** SO_RCVBUF of a UDP server's sockets; 0 (the default): the OS default. */
    public int receiveBufferSize() {
        return datagramOptions.receiveBufferSize();
    }

    /** Sets SO_RCVBUF of a UDP server's sockets (0: OS default); before {@link #serverBind()}. */
    public void setReceiveBufferSize(int bytes) {
        lifecycle.requireUnbound("receiveBufferSize");
        datagramOptions.setReceiveBufferSize(bytes);
    }

    /** Whether SO_REUSEADDR is set when binding (default true). */
    public boolean allowReuseAddress() {
        return options.allowReuseAddress();
    }

    /** Sets SO_REUSEADDR for binding; before {@link #serverBind()}. */
    public void setAllowReuseAddress(boolean on) {
        lifecycle.requireUnbound("allowReuseAddress");
        options.setAllowReuseAddress(on);
    }

    /** Whether SO_REUSEPORT is set when binding (default false). */
    public boolean allowReusePort() {
        return options.allowReusePort();
    }

    /** Sets SO_REUSEPORT for binding; before {@link #serverBind()}. */
    public void setAllowReusePort(boolean on) {
        lifecycle.requireUnbound("allowReusePort");
        options.setAllowReusePort(on);
    }

    /** The permissions a Unix-domain socket file gets when bound, or {@code null} (the umask's). */
    public Set<PosixFilePermission> unixSocketPermissions() {
        return options.unixSocketPermissions();
    }

    /**
     * Sets the permissions of a Unix-domain socket file, applied right after binding
     * ({@code null}: leave the umask's); before {@link #serverBind()}, ignored for TCP. Some
     * systems ignore a socket file's permissions: a private directory around the file is the
     * portable way to restrict who may connect.
     */
    public void setUnixSocketPermissions(Set<PosixFilePermission> permissions) {
        lifecycle.requireUnbound("unixSocketPermissions");
        options.setUnixSocketPermissions(permissions);
    }

    /** The listen backlog; 0 (the default) means the OS maximum (SOMAXCONN). */
    public int requestQueueSize() {
        return options.requestQueueSize();
    }

    /** Sets the listen backlog, 0 for the OS maximum; before {@link #serverBind()}. */
    public void setRequestQueueSize(int size) {
        lifecycle.requireUnbound("requestQueueSize");
        options.setRequestQueueSize(size);
    }

    /** How long {@link #handleRequest()} waits; {@code null} (the default) waits for ever. */
    public Duration timeout() {
        return options.timeout();
    }

    /** Sets how long {@link #handleRequest()} waits; {@code null} for ever. */
    public void setTimeout(Duration timeout) {
        options.setTimeout(timeout);
    }

    /** Connections with no traffic either way for this long are closed; zero: never. */
    public Duration idleTimeout() {
        return options.idleTimeout();
    }

    /** Sets the idle timeout ({@link Duration#ZERO} turns it off); before serving starts. */
    public void setIdleTimeout(Duration idleTimeout) {
        requireNotStarted("idleTimeout");
        options.setIdleTimeout(idleTimeout);
    }

    /** How long {@link #close()} lets open connections finish. */
    public Duration gracePeriod() {
        return options.gracePeriod();
    }

    /** Sets how long {@link #close()} lets open connections finish. */
    public void setGracePeriod(Duration gracePeriod) {
        options.setGracePeriod(gracePeriod);
    }

    /** Open connections at most; 0 (the default): no limit. */
    public int maxConnections() {
        return options.maxConnections();
    }

    /**
     * Limits open connections; at the limit accepting pauses and the kernel backlog holds
     * further clients until a connection closes. 0: no limit. Before serving starts.
     */
    public void setMaxConnections(int maxConnections) {
        requireNotStarted("maxConnections");
        options.setMaxConnections(maxConnections);
    }

    /** Open connections from one client address at most; 0 (the default): no limit. */
    public int maxConnectionsPerAddress() {
        return options.maxConnectionsPerAddress();
    }

    /**
     * Limits open connections per client address. A connection over the limit is accepted
     * and closed at once (the client sees end of stream before any data) and counted as
     * rejected; other addresses are not affected. 0: no limit. Before serving starts.
     */
    public void setMaxConnectionsPerAddress(int limit) {
        requireNotStarted("maxConnectionsPerAddress");
        options.setMaxConnectionsPerAddress(limit);
    }

    /** How long a connection may send nothing before it is closed; zero (default): no limit. */
    public Duration readTimeout() {
        return options.readTimeout();
    }

    /**
     * Closes a connection from which nothing has been read for this long, even while the
     * server keeps writing to it. Zero turns it off. Before serving starts.
     */
    public void setReadTimeout(Duration readTimeout) {
        requireNotStarted("readTimeout");
        options.setReadTimeout(readTimeout);
    }

    /** How long queued output may make no progress; zero (default): no limit. */
    public Duration writeTimeout() {
        return options.writeTimeout();
    }

    /**
     * Closes a connection whose queued output has made no progress for this long (a peer that
     * stopped reading), even while it keeps sending. Zero turns it off. Reactor servers only:
     * on a thread per connection a write blocks in the kernel. Before serving starts.
     */
    public void setWriteTimeout(Duration writeTimeout) {
        requireNotStarted("writeTimeout");
        options.setWriteTimeout(writeTimeout);
    }

    /** Whether accepted connections get TCP_NODELAY (default true, as in Netty). */
    public boolean tcpNoDelay() {
        return options.tcpNoDelay();
    }

    /** Sets TCP_NODELAY for accepted connections; before serving starts. */
    public void setTcpNoDelay(boolean on) {
        requireNotStarted("tcpNoDelay");
        options.setTcpNoDelay(on);
    }

    /**
     * Sets the outbound watermarks: above {@code high} queued bytes a connection is not
     * writable (a blocking {@code wfile} waits), below {@code low} it is again. Defaults
     * 64 KiB and 32 KiB. Before serving starts.
     */
    public void setWriteBufferWatermarks(int low, int high) {
        requireNotStarted("write buffer watermarks");
        options.setWriteBufferWatermarks(low, high);
    }

    /** The hard cap on one connection's queued output; see {@link #setMaxOutboundBytes}. */
    public long maxOutboundBytes() {
        return options.maxOutboundBytes();
    }

    /**
     * Sets the hard cap on one connection's queued output (default 64 MiB): a connection whose
     * handler queues more than this for a peer that does not read is closed with reason
     * {@code OUTBOUND_LIMIT} and counted in {@link ServerStatistics#outboundOverflows()}.
     * Handlers that respect {@code isWritable()} (and every blocking {@code wfile}) never reach
     * it. At least the high watermark. Before serving starts.
     */
    public void setMaxOutboundBytes(long bytes) {
        requireNotStarted("maxOutboundBytes");
        options.setMaxOutboundBytes(bytes);
    }

    /**
     * Sets how many bytes a blocking handler's inbound queue holds before reading from the
     * client pauses (reactor servers; default 256 KiB, four of the reactor's reads). Before
     * serving starts.
     */
    public void setInboundCapacity(int bytes) {
        requireNotStarted("inboundCapacity");
        options.setInboundCapacity(bytes);
    }

    /**
     * Sets what runs blocking handlers on reactor servers (default: a virtual thread per
     * handler). The server shuts the executor down on close. When the executor refuses a
     * handler ({@link java.util.concurrent.RejectedExecutionException}, for example a bounded
     * pool whose queue is full), the connection is closed at once and counted as rejected,
     * with a warning at most every 10 s. Before serving starts.
     */
    public void setHandlerExecutor(Supplier<ExecutorService> executor) {
        requireNotStarted("handlerExecutor");
        options.setHandlerExecutor(executor);
    }

    /**
     * Serves every connection over TLS made with {@code tls}, with no change to the handler:
     * handlers of both families see plaintext. {@code null} serves plain connections (the
     * default). Before serving starts.
     */
    public void setTls(TlsContext tls) {
        requireNotStarted("tls");
        options.setTls(tls, false);
    }

    /**
     * Serves every connection over TLS with the certificates and settings of {@code tls}, read
     * now ({@link TlsContext#open}): a missing or wrong file fails here, not at the first
     * handshake. The server closes the context it opened (and its file watcher) when it
     * closes. Before serving starts.
     *
     * @throws IOException if a file is missing, unreadable or wrong, or a key does not belong
     *     to its certificate; the message names the file
     */
    public void setTls(TlsOptions tls) throws IOException {
        requireNotStarted("tls");
        options.setTls(TlsContext.open(Objects.requireNonNull(tls, "tls")), true);
    }

    /**
     * Re-reads the TLS certificate files ({@link TlsContext#reload()}): new handshakes use the
     * new certificates, open connections go on. On failure the certificates in use stay.
     *
     * @throws IOException if a file is missing or wrong
     * @throws IllegalStateException if the server has no TLS, or its context has no files
     */
    public void reloadTls() throws IOException {
        TlsContext tls = options.tls();
        if (tls == null) {
            throw new IllegalStateException("this server serves no TLS: setTls first");
        }
        tls.reload();
    }

    /** The TLS connections are served with, or {@code null} for plain connections. */
    public TlsContext tls() {
        return options.tls();
    }

    /**
     * Throws {@link IllegalStateException} once serving has started: for options the engine
     * reads when it starts.
     */
    protected final void requireNotStarted(String option) {
        lifecycle.requireNotStarted(option);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + serverAddress() + ", " + lifecycle.state() + "]";
    }
}
