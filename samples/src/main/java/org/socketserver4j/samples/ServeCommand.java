package org.socketserver4j.samples;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.ForkingServer;
import org.socketserver4j.core.fork.ChildClassPath;
import org.socketserver4j.core.HybridServer;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.tls.TlsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: runs a handler under a strategy, prints {@code listening on HOST:PORT} (or
 * {@code listening on PATH} with {@code --transport=unix}) on standard output once it accepts, and on SIGTERM or SIGINT (or, with
 * {@code --stop-on-stdin-eof}, at the end of standard input) stops gracefully and exits 0.
 * With {@code --tls-cert} and {@code --tls-key} (PEM) or {@code --tls-keystore} and
 * {@code --tls-password-file} ({@link TlsFlags}) the server is given TLS, its files read before
 * it serves; the {@code listening on} line is the same.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves a handler under a strategy until SIGTERM or SIGINT.")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "select",
            description = "Concurrency strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Strategy strategy;

    @Option(names = "--handler", paramLabel = "HANDLER", defaultValue = "echo",
            description = "Handler: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private HandlerChoice handler;

    @Option(names = "--style", paramLabel = "STYLE",
            description = "Handler family: ${COMPLETION-CANDIDATES} (default: blocking where the handler has it, else event).")
    private Style style;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--transport", paramLabel = "TRANSPORT", defaultValue = "tcp",
            description = "Transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); udp serves echo and"
                    + " daytime (under forking, a child JVM per datagram).")
    private Transport transport;

    @Option(names = "--path", paramLabel = "FILE",
            description = "Socket file to listen on with --transport=unix.")
    private Path path;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close connections idle this long, e.g. 500ms, 60s, 5m; 0: never"
                    + " (default: the server's, 60s).")
    private Duration idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "0",
            description = "Open connections at most; 0: no limit (default: ${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(names = "--max-children", paramLabel = "N", defaultValue = "0",
            description = "Children serving at once at most, for --strategy=forking; 0: " + CLI_MAX_CHILDREN
                    + ", enough for the 50 connections redis-benchmark opens by default (ForkingServer's own"
                    + " default is Python's 40).")
    private int maxChildren;

    /** The forking children cap serve uses unless told: above redis-benchmark's default 50 clients. */
    static final int CLI_MAX_CHILDREN = 64;

    @Option(names = "--prespawn", paramLabel = "N", defaultValue = "0",
            description = "Warm children kept waiting at least (the spare pool never shrinks below), for"
                    + " --strategy=forking (default: ${DEFAULT-VALUE}).")
    private int prespawn;

    @Option(names = "--start-spare", paramLabel = "N",
            description = "Warm children the spare pool starts with, for --strategy=forking (default: "
                    + CLI_SPARE_CHILDREN + " or --max-spare if less, ready for a burst of that many connections;"
                    + " ForkingServer's own default is 0).")
    private Integer startSpare;

    @Option(names = "--max-spare", paramLabel = "N",
            description = "Warm children the spare pool grows to with demand at most (it grows to the"
                    + " connections open at once), for --strategy=forking; 0: a fixed pool of --prespawn"
                    + " (default: " + CLI_SPARE_CHILDREN + "; ForkingServer's own default is "
                    + ForkingServer.DEFAULT_MAX_SPARE_CHILDREN + ").")
    private Integer maxSpare;

    @Option(names = "--spare-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Without a new connection for this long the spare pool halves, down to --prespawn,"
                    + " for --strategy=forking; 0: never (default: 30s).")
    private Duration spareIdleTimeout;

    /**
     * The warm children serve's spare pool starts with and grows to unless told: a burst of 32
     * connections (wrk -c32) finds them all warm, on a fresh server and again after a burst.
     */
    static final int CLI_SPARE_CHILDREN = 32;

    @Option(names = {"--start-up-cache", "--class-data-archive"}, paramLabel = "DIR",
            description = "Folder for the children's start-up cache (AOT cache on JDK 24+, CDS archive before),"
                    + " for --strategy=forking; 'none' for no cache (default: the per-user cache folder).")
    private String startUpCache;

    @Option(names = "--child-jvm-option", paramLabel = "OPTION",
            description = "An option added to the children's JVM options, for --strategy=forking (repeatable),"
                    + " e.g. --child-jvm-option=-Xint.")
    private List<String> childJvmOptions = new java.util.ArrayList<>();

    @Option(names = "--max-spawning", paramLabel = "N", defaultValue = "0",
            description = "Children starting at once at most, for --strategy=forking; 0: the server's default,"
                    + " one per core.")
    private int maxSpawning;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Worker reactors of --strategy=hybrid; 0: one per core (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--grace-period", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "On stop, let open connections finish for this long (default: ${DEFAULT-VALUE}).")
    private Duration gracePeriod;

    @Option(names = "--stop-on-stdin-eof",
            description = "Also stop gracefully when standard input ends (for a parent process: its pipe"
                    + " closes when it exits, however it exits).")
    private boolean stopOnStdinEof;

    @Option(names = "--report-selector",
            description = "Print the JDK selector provider the server's reactors use (selector: CLASS) on standard"
                    + " error before serving (compare checks it).")
    private boolean reportSelector;

    @Mixin
    private TlsFlags tls = new TlsFlags();

    private volatile Serving serving;

    /** Makes the command; picocli fills in the options. */
    public ServeCommand() {}

    /**
     * Sets up the server JVM ({@link ServerJvm}: less free heap kept, and under
     * {@code --strategy=hybrid} virtual threads on half the cores, each unless the command line
     * chose), then serves until SIGTERM or SIGINT (or {@link #stop()}) and stops gracefully.
     *
     * @return 0 once stopped
     * @throws Exception if the server cannot start or serving fails
     */
    @Override
    public Integer call() throws Exception {
        // The server JVM's own settings, as every server compare measures gets them (ServerJvm).
        ServerJvm.keepLessFreeHeap();
        if (strategy == Strategy.HYBRID) {
            ServerJvm.halveCarriers();
        }
        // Registered before "listening on" is printed, so a client may send SIGTERM at once.
        Thread hook = Thread.ofPlatform().name("serve-stop").unstarted(this::stopOnSignal);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Serving started = start(spec.commandLine().getOut());
            if (stopOnStdinEof) {
                Thread.ofPlatform().daemon().name("serve-stdin").start(() -> stopAtEndOf(System.in));
            }
            started.await();
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and ends the process
            }
        }
    }

    private void stopAtEndOf(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // only its end matters
            }
        } catch (IOException e) {
            // a broken stdin ends serving as its end does
        }
        log.info("standard input ended: stopping");
        stop();
    }

    private void stopOnSignal() {
        Serving running = serving;
        int status = 1;
        try {
            if (running != null) {
                log.info("stopping: open connections have {} to finish",
                        DurationConverter.format(running.server().gracePeriod()));
                running.close();
                log.info("stopped");
            }
            status = running == null || running.failure() == null ? 0 : 1;
        } catch (RuntimeException e) {
            log.error("stopping failed", e);
        } finally {
            // A signal makes the JVM exit with 128 + its number, but a graceful stop is a
            // success. Once shutdown has begun, halting from a hook is the only way to say so.
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * Binds, starts serving on a thread of its own and prints {@code listening on HOST:PORT}
     * to {@code out}. The caller stops it by closing the returned handle (or {@link #stop()}).
     *
     * @throws ParameterException if the options are inconsistent
     * @throws IOException if the address cannot be resolved or bound
     */
    public Serving start(PrintWriter out) throws IOException {
        checkOptions();
        TlsOptions tlsOptions = tls.options(spec.commandLine());
        Class<?> handlerClass;
        try {
            handlerClass = transport == Transport.UDP
                    ? UdpServing.handlerClass(handler, style != null ? style : Style.BLOCKING)
                    : handler.handlerClass(style != null ? style : handler.defaultStyle());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        SocketAddress requested = requestedAddress();
        BaseServer server;
        try {
            server = transport == Transport.UDP ? UdpServing.newServer(strategy, requested, handlerClass)
                    : strategy.newServer(requested, HandlerFactory.of(handlerClass));
        } catch (IOException e) {
            throw new IOException("cannot listen on " + where(requested) + ": " + e.getMessage(), e);
        }
        try {
            if (idleTimeout != null) {
                server.setIdleTimeout(idleTimeout);
            }
            server.setMaxConnections(maxConnections);
            server.setGracePeriod(gracePeriod);
            if (workers > 0 && server instanceof HybridServer hybrid) {
                hybrid.setWorkers(workers);
            }
            if (server instanceof ForkingServer forking) {
                forking.setMaxChildren(maxChildren > 0 ? maxChildren : CLI_MAX_CHILDREN);
                forking.setPrespawn(prespawn);
                forking.setMaxSpareChildren(maxSpare != null ? maxSpare : CLI_SPARE_CHILDREN);
                forking.setStartSpareChildren(startSpare != null ? startSpare
                        : Math.min(CLI_SPARE_CHILDREN, forking.maxSpareChildren()));
                if (spareIdleTimeout != null) {
                    forking.setSpareIdleTimeout(spareIdleTimeout);
                }
                if (maxSpawning > 0) {
                    forking.setMaxSpawning(maxSpawning);
                }
                if (startUpCache != null) {
                    forking.setClassDataArchive(startUpCache.equals("none") ? null : Path.of(startUpCache));
                }
                forking.setWarmUpRequest(warmUpRequest(handler));
                forking.addChildJvmOptions(childJvmOptions.toArray(String[]::new));
                childrenBesideTheJar(forking);
            }
            if (transport == Transport.UDP) {
                // built unbound, so that HybridServer's workers are known when its first socket binds
                server.serverBind();
                server.serverActivate();
            }
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + where(requested) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (tlsOptions != null) {
            setTls(server, tlsOptions);
        }
        Serving started = Serving.start(server);
        serving = started;
        if (transport == Transport.UDP) {
            log.info("serving {} under {} over UDP (datagrams up to {} bytes, grace period {})",
                    handlerClass.getSimpleName(), server.getClass().getSimpleName(),
                    server.maxDatagramSize(), DurationConverter.format(gracePeriod));
        } else {
            log.info("serving {} under {} (idle timeout {}, max connections {}, grace period {})",
                    handlerClass.getSimpleName(), server.getClass().getSimpleName(),
                    DurationConverter.format(server.idleTimeout()),
                    maxConnections == 0 ? "unlimited" : maxConnections,
                    DurationConverter.format(gracePeriod));
        }
        if (tlsOptions != null) {
            log.info("serving TLS: {}", tlsOptions);
        }
        if (reportSelector) {
            // The reactors' selectors come from the JDK's default provider (compare --selectors checks it).
            PrintWriter err = spec.commandLine().getErr();
            err.println(SelectorChoice.logLine(SelectorProvider.provider().getClass().getName()));
            err.flush();
        }
        // The listener is bound and serveForever is starting: the kernel already queues clients.
        out.println("listening on " + where(started.server().serverAddress()));
        out.flush();
        return started;
    }

    /** Stops what {@link #call()} or {@link #start} is serving, as SIGTERM does; else nothing. */
    public void stop() {
        Serving running = serving;
        if (running != null) {
            running.close();
        }
    }

    /** Opens the TLS files now, so that a missing or wrong one fails before serving, naming it. */
    private static void setTls(BaseServer server, TlsOptions options) throws IOException {
        try {
            server.setTls(options);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot serve TLS: " + e.getMessage(), e);
        }
    }

    private void checkOptions() {
        if (transport == Transport.UDP && tls.given()) {
            throw new ParameterException(spec.commandLine(), "--tls-cert, --tls-key, --tls-keystore and"
                    + " --tls-password-file apply to --transport=tcp and unix only, not udp");
        }
        if (transport == Transport.UNIX && path == null) {
            throw new ParameterException(spec.commandLine(), "--transport=unix needs --path=FILE");
        }
        if (transport != Transport.UNIX && path != null) {
            throw new ParameterException(spec.commandLine(), "--path applies to --transport=unix only, not "
                    + transport);
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': " + port + " is not in 0..65535");
        }
        if (maxChildren < 0 || prespawn < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value: --max-children and --prespawn must not be negative");
        }
        if (maxSpawning < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value: --max-spawning must not be negative");
        }
        if ((startSpare != null && startSpare < 0) || (maxSpare != null && maxSpare < 0)
                || (spareIdleTimeout != null && spareIdleTimeout.isNegative())) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value: --start-spare, --max-spare and --spare-idle-timeout must not be negative");
        }
        if ((maxChildren > 0 || prespawn > 0 || maxSpawning > 0 || startUpCache != null
                || !childJvmOptions.isEmpty() || startSpare != null || maxSpare != null
                || spareIdleTimeout != null)
                && strategy != Strategy.FORKING) {
            throw new ParameterException(spec.commandLine(),
                    "--max-children, --prespawn, --start-spare, --max-spare, --spare-idle-timeout, --max-spawning,"
                            + " --start-up-cache and --child-jvm-option apply to --strategy=forking only, not "
                            + strategy);
        }
        if (workers < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--workers': " + workers + " is negative");
        }
        if (workers > 0 && strategy != Strategy.HYBRID) {
            throw new ParameterException(spec.commandLine(),
                    "--workers applies to --strategy=hybrid only, not " + strategy);
        }
        if (maxConnections < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--max-connections': " + maxConnections + " is negative");
        }
    }

    /**
     * A request each forked child serves once before it is ready, so the handler's request
     * path is loaded and has run; {@code null} where serving one would not be harmless.
     */
    static byte[] warmUpRequest(HandlerChoice handler) {
        String request = switch (handler) {
            case ECHO, DISCARD -> "warm-up\n";
            case DAYTIME -> "";
            case HTTP -> "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case RESP -> "*1\r\n$4\r\nPING\r\n";
            case CHAT -> null;
        };
        return request == null ? null : request.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Run from the runnable jar, children get the jars the build lays out beside it
     * ({@code lib/}: core, handlers, slf4j-api, HdrHistogram, and slf4j-simple as the children's
     * logging back-end, writing to their stderr, which the server logs), not the runnable jar
     * with Netty, picocli and log4j. Run from class folders (tests,
     * an IDE), the server's own default applies: the code sources of the handler and core.
     */
    private static void childrenBesideTheJar(ForkingServer forking) throws IOException {
        Path self = ChildClassPath.codeSource(ServeCommand.class);
        String classPath = self == null ? null : classPathBeside(self);
        if (classPath == null) {
            log.debug("not run from a jar with lib/ beside it: children get the server's default class path");
            return;
        }
        forking.setChildClassPath(classPath);
    }

    /**
     * The jars in {@code lib/} beside {@code jar}, in name order, as a class path; {@code null}
     * if {@code jar} is not a file or there are none.
     */
    static String classPathBeside(Path jar) throws IOException {
        Path lib = jar.resolveSibling("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            return null;
        }
        try (var entries = Files.list(lib)) {
            List<String> jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .map(Path::toString).sorted().toList();
            return jars.isEmpty() ? null : String.join(File.pathSeparator, jars);
        }
    }

    /** The address {@code --transport} and its options ask for. */
    private SocketAddress requestedAddress() throws UnknownHostException {
        return switch (transport) {
            case TCP, UDP -> {
                InetSocketAddress inet = new InetSocketAddress(host, port);
                if (inet.isUnresolved()) {
                    throw new UnknownHostException("cannot resolve host " + host);
                }
                yield inet;
            }
            case UNIX -> UnixDomainSocketAddress.of(path);
        };
    }

    /** {@code HOST:PORT} for TCP, the socket file's path for a Unix-domain socket. */
    private static String where(SocketAddress address) {
        return address instanceof UnixDomainSocketAddress unix ? unix.getPath().toString()
                : hostPort((InetSocketAddress) address);
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
