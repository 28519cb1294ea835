package org.socketserver4j.core;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.fork.ForkEngine;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * A process per connection: socketserver's {@code ForkingTCPServer}. Each connection is
 * served by a child JVM, so a crash, a leak or {@code System.exit} in a handler cannot hurt
 * the server or other clients. Choose it for isolation, not speed: a child costs tens of
 * milliseconds of CPU to start ({@link #setPrespawn} keeps warm ones waiting).
 *
 * <p>Java cannot fork, nor hand a socket to another process, so the parent keeps the socket and
 * relays its bytes to the child's stdin and from its stdout. The child runs the same handler
 * class, made by name: it must be a public, concrete, top-level or static nested class with a
 * public no-argument constructor, on the class path the child gets (the parent's by default).
 * A lambda, an anonymous, local or non-public class, or a factory, is refused when the server
 * is built. In the child, {@code System.out} goes to stderr, which the parent logs.
 *
 * <p>At most {@link #maxChildren()} children serve at once (default 40, as in Python); at the
 * cap accepting waits and the kernel backlog holds the rest. Each child's exit status is counted
 * in the statistics, and a non-zero one reaches {@link #handleError}. No child outlives
 * {@link #close()}.
 */
public class ForkingServer extends BaseServer {

    /** The child JVM's default options: lean start-up, and nothing of the JVM's on stdout. */
    public static final List<String> DEFAULT_CHILD_JVM_OPTIONS = List.of(
            "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr",
            "-XX:+DisplayVMOutputToStderr");

    private int maxChildren = 40;
    private int prespawn = 0;
    private boolean blockOnClose = true;
    private List<String> childJvmOptions = DEFAULT_CHILD_JVM_OPTIONS;
    private String childClassPath = System.getProperty("java.class.path");
    private Path classDataArchiveFolder;

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
    }

    private static HandlerFactory requireForkable(HandlerFactory factory) {
        Class<?> type = Objects.requireNonNull(factory, "factory").handlerClass();
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
        return factory;
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

    /** Warm children kept started and waiting (default 0). */
    public int prespawn() {
        return prespawn;
    }

    /**
     * Keeps {@code n} children started and waiting, refilled in the background; each still
     * serves one connection only. Busy plus waiting children never exceed
     * {@link #maxChildren()}. Before serving starts.
     */
    public void setPrespawn(int n) {
        requireNotStarted("prespawn");
        if (n < 0) {
            throw new IllegalArgumentException("prespawn must be >= 0: " + n);
        }
        prespawn = n;
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

    /** Sets the child's class path (default: this JVM's); before serving starts. */
    public void setChildClassPath(String classPath) {
        requireNotStarted("childClassPath");
        childClassPath = Objects.requireNonNull(classPath, "classPath");
    }

    /**
     * Keeps a class-data-sharing archive of the children's classes in {@code folder} (made on
     * first use by a training child, reused by every later server with the same JDK, class path
     * and handler; {@code null}, the default, for none). It cuts a child's start-up. The JDK
     * can only archive a class path of jar files; otherwise, or if the archive is stale or
     * damaged, children start without it: a warning on their stderr, never on the connection.
     * Before serving starts.
     */
    public void setClassDataArchive(Path folder) {
        requireNotStarted("classDataArchive");
        classDataArchiveFolder = folder;
    }

    /** The archive file children use (or will, once made), or {@code null} when off. */
    public Path classDataArchive() {
        return engine() instanceof ForkEngine fork ? fork.archiveFile() : null;
    }

    @Override
    protected EngineSettings engineSettings() {
        EngineSettings base = super.engineSettings();
        int limit = base.maxConnections() == 0 ? maxChildren : Math.min(base.maxConnections(), maxChildren);
        return base.withMaxConnections(limit);
    }

    @Override
    protected Engine newEngine(EngineSettings settings, ServerHooks hooks) {
        return new ForkEngine(settings, hooks, childJvmOptions, childClassPath, prespawn,
                classDataArchiveFolder);
    }

    /** Started children waiting in the warm pool now. */
    public int idleChildren() {
        return engine() instanceof ForkEngine fork ? fork.idleChildren() : 0;
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
