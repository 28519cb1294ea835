package org.socketserver4j.core.fork;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.Timeouts;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.loop.AcceptorEngine;
import org.socketserver4j.core.loop.Reactor;

/**
 * A process per connection. The acceptor (with {@code maxChildren} as its connection limit:
 * at the cap accepting waits and the kernel backlog holds the rest) hands each connection to
 * a relay thread, which takes a child from the {@link ChildBroker} (a warm one, or the next
 * one ready; at most {@code maxSpawning} JVMs start at once) and relays. On a TLS server the
 * parent terminates TLS: a connection enters the pipeline (and so takes a child) only once its
 * handshake is done, and its child gets the session in the header.
 */
public final class ForkEngine extends AcceptorEngine<RelayConnection> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ForkEngine.class);

    /**
     * How the engine starts children.
     *
     * @param java the {@code java} launcher children run
     * @param jvmOptions the child JVM's options
     * @param classPath the child's class path
     * @param prespawn children to keep started and waiting at least
     * @param startSpare warm children the pool starts with (raised to {@code prespawn})
     * @param maxSpare warm children the pool grows to with demand at most (raised to
     *     {@code prespawn}; {@code prespawn} or less: no growth)
     * @param spareIdle without a new connection for this long, the pool halves toward
     *     {@code prespawn}
     * @param maxSpawning children starting at once at most
     * @param cacheFolder where to keep the children's start-up cache; {@code null}: none
     * @param warmUp a request each child serves once on in-memory streams before it is ready,
     *     or {@code null}
     */
    public record ChildSettings(Path java, List<String> jvmOptions, String classPath, int prespawn,
            int startSpare, int maxSpare, Duration spareIdle, int maxSpawning, Path cacheFolder,
            byte[] warmUp) {
        /** Checks the settings and copies the options. */
        public ChildSettings {
            Objects.requireNonNull(java, "java");
            jvmOptions = List.copyOf(jvmOptions);
            Objects.requireNonNull(classPath, "classPath");
            Objects.requireNonNull(spareIdle, "spareIdle");
            if (prespawn < 0 || startSpare < 0 || maxSpare < 0 || spareIdle.isNegative() || maxSpawning < 1) {
                throw new IllegalArgumentException("prespawn, startSpare, maxSpare, spareIdle >= 0"
                        + " and maxSpawning >= 1 needed");
            }
            warmUp = warmUp == null ? null : warmUp.clone();
        }

        /** A fixed pool of {@code prespawn} warm children, which neither grows nor shrinks. */
        public ChildSettings(Path java, List<String> jvmOptions, String classPath, int prespawn,
                int maxSpawning, Path cacheFolder, byte[] warmUp) {
            this(java, jvmOptions, classPath, prespawn, prespawn, 0, Duration.ZERO, maxSpawning,
                    cacheFolder, warmUp);
        }
    }

    private final ChildLauncher launcher;
    private final ChildCache cache;
    private final ChildSettings children;
    /** Every relay's timeouts: one object for all of them. */
    private final Timeouts timeouts;
    private final Set<Process> liveChildren = ConcurrentHashMap.newKeySet();
    private Reactor acceptorReactor;
    private ChildBroker broker;
    private Thread cacheMaker;

    /** Makes the engine. */
    public ForkEngine(EngineSettings settings, ServerHooks hooks, ChildSettings children) {
        super(settings, hooks);
        this.children = children;
        this.timeouts = Timeouts.of(settings);
        String handlerClass = hooks.handlerFactory().handlerClass().getName();
        List<String> mainArguments = ChildLauncher.mainArguments(handlerClass, children.warmUp());
        this.cache = children.cacheFolder() == null ? null : ChildCache.in(children.cacheFolder(),
                children.java(), children.jvmOptions(), children.classPath(), mainArguments);
        this.launcher = new ChildLauncher(children.java(), children.jvmOptions(), children.classPath(),
                cache, handlerClass, children.warmUp());
    }

    /** The children's start-up cache file, or {@code null} when there is none. */
    public Path cacheFile() {
        return cache == null ? null : cache.file();
    }

    /** The command a child is started with now (for diagnostics and tests). */
    public List<String> childCommand() {
        return launcher.command();
    }

    @Override
    protected Reactor startReactors() throws IOException {
        int maxChildren = settings.maxConnections() == 0 ? Integer.MAX_VALUE : settings.maxConnections();
        broker = new ChildBroker(launcher, children.prespawn(), children.startSpare(), children.maxSpare(),
                children.spareIdle().toNanos(), children.maxSpawning(), maxChildren,
                this::openConnections, hooks.statistics());
        acceptorReactor = new Reactor(settings.name() + "-accept");
        acceptorReactor.start();
        if (cache != null) {
            cacheMaker = Thread.ofVirtual().name(settings.name() + "-start-up-cache").start(cache::ensure);
        }
        broker.start();
        return acceptorReactor;
    }

    @Override
    protected void accepted(SocketChannel channel) throws IOException {
        configure(channel, true);
        RelayConnection[] self = new RelayConnection[1];
        self[0] = new RelayConnection(channel, hooks, timeouts, settings.tls(),
                acceptorReactor::scheduleFromAnyThread, () -> {
                    closed(self[0]);
                    broker.released();
                }, child -> broker.cancel(child));
        track(self[0]);
        if (settings.tls() == null) {
            hooks.accepted(self[0]);
        } else {
            self[0].startHandshake(settings.tls(), () -> hooks.accepted(self[0]));
        }
    }

    @Override
    public void process(Connection connection) {
        RelayConnection c = connections.find(connection);
        c.dispatch();
        byte[] header = new ChildHeader(hooks.handlerFactory().handlerClass().getName(),
                c.remoteAddress(), hooks.server().serverAddress(), c.peerCredentials(), c.tlsSession()).encode();
        long asked = System.nanoTime();
        var child = broker.take();
        child.thenAccept(process -> {
            if (log.isDebugEnabled()) {
                log.debug("{} got child {} {} ms after it was accepted", c.remoteAddress(), process.pid(),
                        (System.nanoTime() - asked) / 1_000_000);
            }
            liveChildren.add(process);
            process.onExit().thenRun(() -> liveChildren.remove(process));
        });
        Thread.ofVirtual().name("relay-" + c.remoteAddress()).start(() -> c.serve(child, header));
    }

    /** Idle children in the warm pool now. */
    public int idleChildren() {
        return broker == null ? 0 : broker.idle();
    }

    /** Warm children the pool aims at now. */
    public int spareTarget() {
        return broker == null ? 0 : broker.spareTarget();
    }

    /** Children being started now. */
    public int spawningChildren() {
        return broker == null ? 0 : broker.spawning();
    }

    /** Connections waiting for a child now. */
    public int waitingConnections() {
        return broker == null ? 0 : broker.waiting();
    }

    /** The pids of the children serving connections now. */
    public List<Long> busyChildren() {
        return connections.snapshot().stream()
                .map(RelayConnection::child)
                .filter(p -> p != null && p.isAlive())
                .map(Process::pid)
                .toList();
    }

    @Override
    public void closeAll() {
        for (RelayConnection c : connections.snapshot()) {
            hooks.statistics().connectionForceClosed();
            c.close();
        }
    }

    /**
     * Stops accepting, starting and training, closes every connection (each child is asked
     * to end, all at once), then waits for the children together and kills any still alive at
     * the deadline: no child outlives the engine.
     */
    @Override
    public void stop(Duration timeout) throws InterruptedException {
        if (cache != null) {
            cache.close();
        }
        broker.close();
        acceptorReactor.shutdown();
        acceptorReactor.awaitTermination(timeout);
        closeAll();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Process child : List.copyOf(liveChildren)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !child.waitFor(left, TimeUnit.NANOSECONDS)) {
                Children.end(child);
            }
        }
        if (cacheMaker != null) {
            cacheMaker.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
