package org.socketserver4j.core.fork;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.loop.AcceptorEngine;
import org.socketserver4j.core.loop.Reactor;

/**
 * A process per connection. The acceptor (with {@code maxChildren} as its connection limit:
 * at the cap accepting waits and the kernel backlog holds the rest) hands each connection to
 * a relay thread, which takes a child from the warm pool or starts one, and relays.
 */
public final class ForkEngine extends AcceptorEngine<RelayConnection> {

    private static final Logger log = LoggerFactory.getLogger(ForkEngine.class);

    private final ChildLauncher launcher;
    private final ChildArchive archive;
    private final int prespawn;
    private final Set<Process> liveChildren = ConcurrentHashMap.newKeySet();
    private Reactor acceptorReactor;
    private ChildPool pool;

    /**
     * Makes the engine.
     *
     * @param jvmOptions the child JVM's options
     * @param classPath the child's class path
     * @param prespawn children to keep started and waiting
     * @param archiveFolder where to keep the children's class-data archive; {@code null}: none
     */
    public ForkEngine(EngineSettings settings, ServerHooks hooks, List<String> jvmOptions,
            String classPath, int prespawn, Path archiveFolder) {
        super(settings, hooks);
        this.archive = archiveFolder == null ? null : ChildArchive.in(archiveFolder, jvmOptions,
                classPath, hooks.handlerFactory().handlerClass().getName());
        this.launcher = new ChildLauncher(jvmOptions, classPath, archive);
        this.prespawn = prespawn;
    }

    /** The children's class-data archive file, or {@code null} when there is none. */
    public Path archiveFile() {
        return archive == null ? null : archive.file();
    }

    @Override
    protected Reactor startReactors() throws IOException {
        int maxChildren = settings.maxConnections() == 0 ? Integer.MAX_VALUE : settings.maxConnections();
        pool = new ChildPool(launcher, prespawn, maxChildren, this::openConnections, hooks.statistics());
        acceptorReactor = new Reactor(settings.name() + "-accept");
        acceptorReactor.start();
        if (archive != null) {
            Thread.ofVirtual().name(settings.name() + "-archive").start(archive::ensure);
        }
        pool.start();
        return acceptorReactor;
    }

    @Override
    protected void accepted(SocketChannel channel) throws IOException {
        configure(channel, true);
        RelayConnection[] self = new RelayConnection[1];
        self[0] = new RelayConnection(channel, hooks, settings, () -> closed(self[0]));
        track(self[0]);
        hooks.accepted(self[0]);
    }

    @Override
    public void process(Connection connection) {
        RelayConnection c = connections.find(connection);
        byte[] header = ChildHeader.of(hooks.handlerFactory().handlerClass().getName(),
                c.remoteAddress(), hooks.server().serverAddress()).encode();
        Thread.ofVirtual().name("relay-" + c.remoteAddress()).start(() -> {
            Process child;
            try {
                child = pool.take();
            } catch (IOException e) {
                log.error("cannot start a child for {}", c.remoteAddress(), e);
                hooks.handleError(c, e);
                c.close();
                return;
            }
            liveChildren.add(child);
            child.onExit().thenRun(() -> liveChildren.remove(child));
            c.serve(child, header);
        });
    }

    /** Idle children in the warm pool now. */
    public int idleChildren() {
        return pool == null ? 0 : pool.idle();
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
     * Stops accepting and refilling, closes every connection (each child is asked to end, all
     * at once), then waits for the children together and kills any still alive at the
     * deadline: no child outlives the engine.
     */
    @Override
    public void stop(Duration timeout) throws InterruptedException {
        pool.close();
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
    }
}
