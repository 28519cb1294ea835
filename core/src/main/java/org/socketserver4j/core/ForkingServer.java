package org.socketserver4j.core;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.socketserver4j.core.datagram.DatagramChildren;
import org.socketserver4j.core.datagram.DatagramConcurrency;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.fork.ForkEngine;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * A process per connection: socketserver's {@code ForkingTCPServer}. Each connection is
 * served by a child JVM, so a crash, a leak or {@code System.exit} in a handler cannot hurt
 * the server or other clients. Choose it for isolation, not speed: a child costs tens of
 * milliseconds of CPU to start (the spare pool keeps warm ones waiting).
 *
 * <p>Java cannot fork, nor hand a socket to another process, so the parent keeps the socket and
 * relays its bytes to the child's stdin and from its stdout. The child runs the same handler
 * class, made by name: it must be a public, concrete, top-level or static nested class with a
 * public no-argument constructor, on the class path the child gets. A lambda, an anonymous,
 * local or non-public class, or a factory, is refused when the server is built. In the child,
 * {@code System.out} goes to stderr, which the parent logs.
 *
 * <p><b>Bursts.</b> At most {@link #maxChildren()} children serve at once (default 40, as in
 * Python); at the cap accepting waits and the kernel backlog holds the rest. At most
 * {@link #maxSpawning()} children are <em>starting</em> at once (default: one per core): a
 * burst of connections waits, in order, for the next child that is ready (woken when one is,
 * never by polling) instead of starting dozens of JVMs that share the cores and all finish late.
 * A child is ready once it has loaded, linked and initialised its handler class and the classes
 * serving uses, and served the {@linkplain #setWarmUpRequest warm-up request} once if there is
 * one; a warm child from the pool is such a child.
 *
 * <p><b>The spare pool</b> (Apache prefork's StartServers, MinSpareServers, MaxSpareServers):
 * warm children wait for connections so that a burst need not wait for JVMs to start (32 of
 * them are about 3 s of CPU, more than 1.5 s of two cores). The pool starts with
 * {@link #setStartSpareChildren} children (default 0), never aims below {@link #setPrespawn}
 * (default 0) and grows with demand: each connection raises it to the connections open at that
 * moment, up to {@link #setMaxSpareChildren} (default {@value #DEFAULT_MAX_SPARE_CHILDREN}; with
 * 32, after a burst of 32 the next one finds 32 warm children). After
 * {@link #setSpareIdleTimeout} (default 30 s) without a new connection it halves, down to
 * {@code prespawn}, ending the warm children beyond it. It refills only while no connection
 * waits for a child. Busy, warm and starting children never exceed {@link #maxChildren()};
 * {@link #close()} ends every warm and starting one.
 *
 * <p><b>Start-up.</b> A child's class path is by default this JVM's, as a forked Python child
 * has its parent's modules; {@link #leanChildClassPath} gives only what a handler built on core
 * needs (its classes, core, slf4j-api, HdrHistogram), which {@link #setChildClassPath} can set
 * (the samples CLI gives its children a folder of just those jars). Its JVM options ({@link #DEFAULT_CHILD_JVM_OPTIONS}) are chosen
 * for a short life. A start-up cache is made once and used by every child
 * ({@link #setClassDataArchive}): an AOT cache on JDK 24 and later, a class-data-sharing
 * archive before.
 *
 * <p><b>Clients that leave.</b> The parent reads the socket from the moment it accepts: a client
 * that resets the connection is released at once whatever its child is doing (starting,
 * serving, hung), and so is one that ends its stream before sending anything while its child
 * is still starting; the socket is closed, the child ended, the counters updated. A client
 * that ends its stream after sending is taken to have half-closed (TCP cannot tell a
 * half-close from a close): its child gets the bytes, then end of stream.
 *
 * <p><b>The pipeline.</b> The parent runs {@link #verifyRequest} and {@link #processRequest};
 * the child runs the handler, its own error report and the end of the request. So a subclass
 * may not override {@link #finishRequest} (it would never run: the server refuses such a
 * subclass when it is built). {@link #handleError} runs in the parent, for what the parent
 * sees: a child that exits with a non-zero status (a {@link
 * org.socketserver4j.core.fork.ChildProcessException}; the handler's own exception and stack
 * trace are on the child's stderr, which the parent logs), a child that could not start (a
 * {@link org.socketserver4j.core.fork.ChildStartException}, once per connection, which is then
 * closed and counted as closed). {@link #shutdownRequest} runs in the parent for a connection
 * refused before any child serves it; a child ends its own request.
 *
 * <p><b>TLS.</b> With {@link #setTls} the parent terminates TLS and relays plaintext: children
 * never hold the key. The handshake runs in the parent before {@link #verifyRequest}; one that
 * fails or times out is closed, counted in {@code statistics().tls()} only, and takes no child.
 * A child's handler sees the session ({@code tlsSession()}), which the parent passes to it.
 *
 * <p>Each child's exit status is counted in the statistics. A child whose connection is over
 * flushes stdout and stderr and halts ({@code Runtime.halt}), as Python's forked child ends with
 * {@code os._exit}: shutdown hooks a handler registers do not run in a child. No child outlives
 * {@link #close()}.
 */
public class ForkingServer extends BaseServer {

    /**
     * The child JVM's default options: a short life (C1 only, and only for code that runs 20
     * times more often than usual: a start then compiles almost nothing, about a quarter less
     * CPU, while a long connection's hot code still is; the serial collector, small stacks, no
     * perf-data file; class data sharing is the JVM's default, and an option of
     * {@code -Xshare} would stop the start-up cache), and nothing of the JVM's
     * on stdout.
     */
    public static final List<String> DEFAULT_CHILD_JVM_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=20", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr",
            "-XX:+DisplayVMOutputToStderr");

    /** The most warm children the spare pool grows to by default. */
    public static final int DEFAULT_MAX_SPARE_CHILDREN = 8;

    private static final String[] CHILD_SIDE_METHODS = {"finishRequest"};

    private int maxChildren = 40;
    private int prespawn = 0;
    private int startSpareChildren = 0;
    private int maxSpareChildren = DEFAULT_MAX_SPARE_CHILDREN;
    private java.time.Duration spareIdleTimeout = java.time.Duration.ofSeconds(30);
    private int maxSpawning = Runtime.getRuntime().availableProcessors();
    private boolean blockOnClose = true;
    private List<String> childJvmOptions = DEFAULT_CHILD_JVM_OPTIONS;
    private String childClassPath;
    private Path childJava = Path.of(System.getProperty("java.home"), "bin", "java");
    private Path classDataArchiveFolder = defaultCacheFolder();
    private byte[] warmUpRequest;

    /** Binds {@code address} and serves each connection with a child running {@code handlerClass}. */
    public ForkingServer(SocketAddress address, Class<?> handlerClass) throws IOException {
        this(address, HandlerFactory.of(handlerClass), true);
    }

    /** Binds {@code address}; {@code factory} must come from {@link HandlerFactory#of(Class)}. */
    public ForkingServer(SocketAddress address, HandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /**
     * Makes the server, binding now only if {@code bindAndActivate}.
     *
     * @throws IllegalArgumentException if the handler cannot be made by name in a child
     */
    public ForkingServer(SocketAddress address, HandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, requireForkable(factory), bindAndActivate);
        try {
            refuseChildSideOverrides(getClass());
        } catch (IllegalArgumentException e) {
            close();
            throw e;
        }
    }

    /**
     * Binds {@code address} and serves UDP on it as Python's {@code ForkingUDPServer} does: a
     * child JVM per datagram, made from {@code factory}'s class by name (see
     * {@link #datagramConcurrency}).
     */
    public ForkingServer(SocketAddress address, DatagramHandlerFactory factory) throws IOException {
        this(address, factory, true);
    }

    /** A UDP server, binding now only if {@code bindAndActivate}. */
    public ForkingServer(SocketAddress address, DatagramHandlerFactory factory, boolean bindAndActivate)
            throws IOException {
        super(address, requireForkable(factory), bindAndActivate);
    }

    /**
     * Over UDP: one reading loop hands each datagram to a thread (at most {@link #maxChildren()}
     * of them, with up to {@value #DATAGRAM_QUEUE} datagrams waiting; beyond that a datagram is
     * dropped and counted as rejected), which starts a child JVM for it with this server's child
     * java, JVM options and class path, writes it the sender and the datagram, reads its replies
     * and sends them. Each datagram pays a whole JVM start (no warm pool, no start-up cache on
     * this path): tens of milliseconds and as much CPU, so a few datagrams per second per core.
     */
    @Override
    protected DatagramConcurrency datagramConcurrency(EngineSettings settings) {
        ThreadFactory threads = Thread.ofVirtual().name(settings.name() + "-datagram-", 0).factory();
        int children = maxChildren;
        return DatagramConcurrency.forked(
                () -> new ThreadPoolExecutor(children, children, 0, TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(DATAGRAM_QUEUE), threads),
                DatagramChildren.of(childJava, childJvmOptions, childClassPath(),
                        datagramHandlerFactory().handlerClass(), serverAddress(), children));
    }

    /** Datagrams waiting for a child thread at most under UDP; more are dropped and counted. */
    public static final int DATAGRAM_QUEUE = 1024;

    /**
     * Refuses a subclass that overrides a pipeline method that runs in the child, where the
     * subclass does not exist: its override would never run.
     */
    private static void refuseChildSideOverrides(Class<?> type) {
        for (Class<?> c = type; c != ForkingServer.class; c = c.getSuperclass()) {
            for (String name : CHILD_SIDE_METHODS) {
                for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()
                            && java.util.Arrays.equals(m.getParameterTypes(), new Class<?>[] {
                                org.socketserver4j.core.handler.Request.class, SocketAddress.class})) {
                        throw new IllegalArgumentException(c.getName() + " overrides " + name
                                + ", but under ForkingServer " + name + " runs in the child process,"
                                + " which makes the handler by name and knows nothing of a server"
                                + " subclass: the override would never run. Put that code in the"
                                + " handler (setup/handle/finish) instead.");
                    }
                }
            }
        }
    }

    private static HandlerFactory requireForkable(HandlerFactory factory) {
        requireForkableClass(Objects.requireNonNull(factory, "factory").handlerClass());
        return factory;
    }

    private static DatagramHandlerFactory requireForkable(DatagramHandlerFactory factory) {
        requireForkableClass(Objects.requireNonNull(factory, "factory").handlerClass());
        return factory;
    }

    private static void requireForkableClass(Class<?> type) {
        if (type == null) {
            throw new IllegalArgumentException("ForkingServer makes each handler by name in a child"
                    + " process, so it needs a handler class (HandlerFactory.of), not a supplier");
        }
        String name = type.getName();
        if (type.isHidden() || type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            throw new IllegalArgumentException(name + " is a lambda, anonymous or local class:"
                    + " a child process cannot make it by name");
        }
        if (type.isMemberClass() && !Modifier.isPublic(type.getDeclaringClass().getModifiers())) {
            throw new IllegalArgumentException(name + " is nested in a non-public class:"
                    + " a child process cannot make it by name");
        }
        try {
            if (Class.forName(name, false, ClassLoader.getSystemClassLoader()) != type) {
                throw new IllegalArgumentException(name + " is not the class of that name on the"
                        + " class path: a child process would load another one");
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(name + " is not on the class path, so a child process"
                    + " cannot load it", e);
        }
    }

    /** Children serving at once at most (default 40). */
    public int maxChildren() {
        return maxChildren;
    }

    /** Sets the most children serving at once; before serving starts. */
    public void setMaxChildren(int maxChildren) {
        requireNotStarted("maxChildren");
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be >= 1: " + maxChildren);
        }
        this.maxChildren = maxChildren;
    }

    /** Warm children kept started and waiting at least (default 0): the spare pool's floor. */
    public int prespawn() {
        return prespawn;
    }

    /**
     * Keeps at least {@code n} children started and waiting, refilled in the background (Apache's
     * MinSpareServers); each still serves one connection only. The pool starts with at least
     * these, and never shrinks below them. Busy plus waiting children never exceed
     * {@link #maxChildren()}. Before serving starts.
     */
    public void setPrespawn(int n) {
        requireNotStarted("prespawn");
        if (n < 0) {
            throw new IllegalArgumentException("prespawn must be >= 0: " + n);
        }
        prespawn = n;
    }

    /** Warm children the spare pool starts with (default 0). */
    public int startSpareChildren() {
        return startSpareChildren;
    }

    /**
     * Starts the spare pool with {@code n} warm children (Apache's StartServers), at least
     * {@link #prespawn()} and at most {@code max(prespawn, maxSpareChildren)}: ready for a
     * burst that comes soon after the server starts; without new connections the pool then
     * shrinks as {@link #setSpareIdleTimeout} says. Before serving starts.
     */
    public void setStartSpareChildren(int n) {
        requireNotStarted("startSpareChildren");
        if (n < 0) {
            throw new IllegalArgumentException("startSpareChildren must be >= 0: " + n);
        }
        startSpareChildren = n;
    }

    /** The most warm children the spare pool grows to with demand (default {@value #DEFAULT_MAX_SPARE_CHILDREN}). */
    public int maxSpareChildren() {
        return maxSpareChildren;
    }

    /**
     * Caps the warm children the spare pool grows to with demand (Apache's MaxSpareServers):
     * each connection raises the pool's target to the connections open at that moment, up to
     * {@code max(prespawn, n)}. {@code 0} (or at most {@link #prespawn()}): a fixed pool of
     * {@code prespawn} children. Before serving starts.
     */
    public void setMaxSpareChildren(int n) {
        requireNotStarted("maxSpareChildren");
        if (n < 0) {
            throw new IllegalArgumentException("maxSpareChildren must be >= 0: " + n);
        }
        maxSpareChildren = n;
    }

    /** How long without a new connection before the spare pool halves (default 30 s). */
    public java.time.Duration spareIdleTimeout() {
        return spareIdleTimeout;
    }

    /**
     * After {@code timeout} without a new connection the spare pool's target halves (down to
     * {@link #prespawn()}) and the warm children beyond it are ended, oldest first; again after
     * each further {@code timeout}. {@link java.time.Duration#ZERO}: the pool never shrinks.
     * Before serving starts.
     */
    public void setSpareIdleTimeout(java.time.Duration timeout) {
        requireNotStarted("spareIdleTimeout");
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("spareIdleTimeout must not be negative: " + timeout);
        }
        spareIdleTimeout = timeout;
    }

    /** socketserver's {@code block_on_close} (default true): whether close waits for children. */
    public boolean blockOnClose() {
        return blockOnClose;
    }

    /**
     * With true (the default), {@link #close()} lets children finish within the grace period,
     * then ends the rest (SIGTERM, then SIGKILL). With false it ends them at once.
     */
    public void setBlockOnClose(boolean on) {
        blockOnClose = on;
    }

    /** The child JVM's options. */
    public List<String> childJvmOptions() {
        return childJvmOptions;
    }

    /**
     * Replaces the child JVM's options (default {@link #DEFAULT_CHILD_JVM_OPTIONS}). Keep
     * {@code -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr} or the
     * JVM's own messages may reach the client. Before serving starts.
     */
    public void setChildJvmOptions(List<String> options) {
        requireNotStarted("childJvmOptions");
        childJvmOptions = List.copyOf(options);
    }

    /**
     * Adds options to the child JVM's (for example {@code -Dname=value} system properties a
     * handler reads, or {@code -Xmx64m}), keeping the defaults. Before serving starts.
     */
    public void addChildJvmOptions(String... options) {
        requireNotStarted("childJvmOptions");
        List<String> all = new java.util.ArrayList<>(childJvmOptions);
        all.addAll(List.of(options));
        childJvmOptions = List.copyOf(all);
    }

    /**
     * Sets the child's class path (default: this JVM's, {@code java.class.path}); before serving
     * starts.
     */
    public void setChildClassPath(String classPath) {
        requireNotStarted("childClassPath");
        childClassPath = Objects.requireNonNull(classPath, "classPath");
    }

    /** The class path children get: the one set, else this JVM's. */
    public String childClassPath() {
        String set = childClassPath;
        return set != null ? set : System.getProperty("java.class.path");
    }

    /**
     * The lean class path of a child of {@code handlerClass}: the code sources (jar or class
     * folder) of the handler class and of every class and interface it extends, of core, and of
     * core's dependencies slf4j-api and HdrHistogram, without the rest of this JVM's class path. When one of them cannot be
     * found (a class without a file code source), this JVM's whole class path. A handler that
     * uses other libraries needs {@link #setChildClassPath}; without an SLF4J back-end on it,
     * what a handler logs in a child is dropped (slf4j-api says so once, on the child's stderr),
     * while the child's own reports still reach the parent's log.
     */
    public static String leanChildClassPath(Class<?> handlerClass) {
        return org.socketserver4j.core.fork.ChildClassPath.lean(handlerClass);
    }

    /** Children starting at once at most (default: one per core). */
    public int maxSpawning() {
        return maxSpawning;
    }

    /**
     * Sets how many children may be starting at once (launched, not yet ready); the others a
     * burst needs wait for them, in order. A JVM start is CPU-bound, so more than the cores
     * only makes every one of them later. Before serving starts.
     */
    public void setMaxSpawning(int n) {
        requireNotStarted("maxSpawning");
        if (n < 1) {
            throw new IllegalArgumentException("maxSpawning must be >= 1: " + n);
        }
        maxSpawning = n;
    }

    /** The {@code java} launcher children run (default: this JVM's own). */
    public Path childJava() {
        return childJava;
    }

    /** Sets the {@code java} launcher children run; before serving starts. */
    public void setChildJava(Path java) {
        requireNotStarted("childJava");
        childJava = Objects.requireNonNull(java, "java");
    }

    /**
     * Gives a request each child serves once, on in-memory streams and before it says it is
     * ready (the answer is dropped), so that the code the handler runs for a request (its
     * parser, the event loop) is loaded and has run before a real connection reaches the child
     * (and is in the start-up cache). It must be harmless to serve: for HTTP, say, a
     * {@code GET} of a small resource. {@code null} (the default): the child only loads, links
     * and initialises the handler class and the classes serving uses. Before serving starts.
     */
    public void setWarmUpRequest(byte[] request) {
        requireNotStarted("warmUpRequest");
        warmUpRequest = request == null ? null : request.clone();
    }

    /**
     * Keeps the children's start-up cache in {@code folder} (default
     * {@link #defaultCacheFolder()}; {@code null} for none): an AOT cache (JDK 24 and later),
     * or a class-data-sharing archive before, made on first use by a training child and moved
     * into place atomically, reused by every later server with the same JDK, child options,
     * class path (each entry's size and time included), handler class and warm-up request,
     * which a hash of them in the file's name stands for. It cuts a child's start-up. The JDK
     * can only cache a class path of jar files: with a class folder on it children start
     * without a cache. A stale or damaged cache is only a warning on the child's stderr, never
     * on the connection: the child starts without it. Before serving starts.
     */
    public void setClassDataArchive(Path folder) {
        requireNotStarted("classDataArchive");
        classDataArchiveFolder = folder;
    }

    /**
     * The per-user cache folder: {@code $XDG_CACHE_HOME/socketserver4j/fork} if that variable
     * is set, else {@code ~/.cache/socketserver4j/fork}.
     */
    public static Path defaultCacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("socketserver4j").resolve("fork");
    }

    /** The start-up cache file children use (or will, once made), or {@code null} when off. */
    public Path classDataArchive() {
        return engine() instanceof ForkEngine fork ? fork.cacheFile() : null;
    }

    @Override
    protected EngineSettings engineSettings() {
        EngineSettings base = super.engineSettings();
        int limit = base.maxConnections() == 0 ? maxChildren : Math.min(base.maxConnections(), maxChildren);
        return base.withMaxConnections(limit);
    }

    @Override
    protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
        return new ForkEngine(settings, hooks, new ForkEngine.ChildSettings(childJava, childJvmOptions,
                childClassPath(), prespawn, startSpareChildren, maxSpareChildren, spareIdleTimeout, maxSpawning,
                classDataArchiveFolder, warmUpRequest));
    }

    /** Started children waiting in the warm pool now. */
    public int idleChildren() {
        return engine() instanceof ForkEngine fork ? fork.idleChildren() : 0;
    }

    /** Warm children the spare pool aims at now (0 before serving). */
    public int spareChildrenTarget() {
        return engine() instanceof ForkEngine fork ? fork.spareTarget() : 0;
    }

    /** Children being started now (launched, not yet ready). */
    public int spawningChildren() {
        return engine() instanceof ForkEngine fork ? fork.spawningChildren() : 0;
    }

    /** Connections waiting for a child now. */
    public int waitingConnections() {
        return engine() instanceof ForkEngine fork ? fork.waitingConnections() : 0;
    }

    /** The command the next child will be started with, or an empty list before serving. */
    public List<String> childCommand() {
        return engine() instanceof ForkEngine fork ? fork.childCommand() : List.of();
    }

    /** The pids of the children serving connections now. */
    public List<Long> busyChildren() {
        return engine() instanceof ForkEngine fork ? fork.busyChildren() : List.of();
    }

    @Override
    protected void drain(Engine engine) throws InterruptedException {
        if (blockOnClose) {
            super.drain(engine);
        } else {
            engine.closeAll();
        }
    }
}
