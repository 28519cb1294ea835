package org.socketserver4j.core.reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.loop.AcceptorEngine;
import org.socketserver4j.core.loop.Reactor;
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.engine.Timeouts;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * The reactor engine, in two shapes. With no workers, one reactor accepts and does all I/O
 * (SelectServer). With N workers, one reactor only accepts and hands each connection to a
 * worker reactor that owns it for life (HybridServer): the hand-over is a task on the
 * worker's queue, so it costs at most one coalesced wake-up. Event handlers run on the owning
 * reactor; blocking handlers run on the handler pool through a {@link BlockingBridge}.
 *
 * <p>A reactor that dies (its selector failed beyond repair, see {@link Reactor}) has closed
 * and counted the connections registered with it; the engine is told, closes whatever else
 * it still owned (each connection through its close path) and gives new connections only to
 * the workers still alive. When the accepting reactor or every worker has died, the server
 * stops accepting (the listener is closed, so clients are refused rather than left waiting)
 * and an error says so.
 */
public final class ReactorEngine extends AcceptorEngine<ReactorConnection> {

    static {
        // Load what the close and error paths need now: under descriptor exhaustion a class
        // that is loaded lazily may not be loadable when it is first needed.
        CloseReason.values();
        BlockingBridge.class.getName();
    }

    private static final Logger log = LoggerFactory.getLogger(ReactorEngine.class);

    /**
     * The index for which {@link #ReactorEngine(EngineSettings, ServerHooks, int, Placement,
     * IntFunction)} asks for the accepting reactor's selector provider (with workers).
     */
    public static final int ACCEPTING_REACTOR = -1;

    private final int workerCount;
    private final Placement placement;
    private final IntFunction<SelectorProvider> selectors;
    /** Every connection's timeouts: one object for all of them. */
    private final Timeouts timeouts;
    private Reactor acceptor;
    private Reactor[] workers;
    private AtomicIntegerArray load;
    private AtomicIntegerArray dead;
    private int nextWorker;
    private ExecutorService handlerPool;
    private ReactorTlsBuffers[] tlsBuffers;

    /**
     * Makes the engine; nothing runs until {@link #start}.
     *
     * @param workers worker reactors; 0 makes the accepting reactor serve connections too
     * @param placement how a worker is picked for a new connection
     */
    public ReactorEngine(EngineSettings settings, ServerHooks hooks, int workers, Placement placement) {
        this(settings, hooks, workers, placement, index -> SelectorProvider.provider());
    }

    /**
     * Makes the engine with selectors from the given providers; tests pass providers whose
     * selectors fail on demand.
     *
     * @param workers worker reactors; 0 makes the accepting reactor serve connections too
     * @param placement how a worker is picked for a new connection
     * @param selectors the selector provider of worker {@code i} (0 for SelectServer's one
     *     reactor), or of the accepting reactor for {@link #ACCEPTING_REACTOR}
     */
    public ReactorEngine(EngineSettings settings, ServerHooks hooks, int workers,
            Placement placement, IntFunction<SelectorProvider> selectors) {
        super(settings, hooks);
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0: " + workers);
        }
        this.workerCount = workers;
        this.placement = placement;
        this.selectors = selectors;
        this.timeouts = Timeouts.of(settings);
    }

    @Override
    protected Reactor startReactors() throws IOException {
        if (workerCount == 0) {
            acceptor = new Reactor(settings.name() + "-select", selectors.apply(0),
                    death -> workerDied(0, death));
            workers = new Reactor[] {acceptor};
        } else {
            acceptor = new Reactor(settings.name() + "-accept", selectors.apply(ACCEPTING_REACTOR),
                    this::acceptorDied);
            workers = new Reactor[workerCount];
            for (int i = 0; i < workerCount; i++) {
                int index = i;
                workers[i] = new Reactor(settings.name() + "-worker-" + i, selectors.apply(i),
                        death -> workerDied(index, death));
            }
        }
        tlsBuffers = new ReactorTlsBuffers[workers.length];
        for (int i = 0; i < workers.length; i++) {
            tlsBuffers[i] = new ReactorTlsBuffers(workers[i]);
        }
        load = new AtomicIntegerArray(workers.length);
        dead = new AtomicIntegerArray(workers.length);
        if (hooks.handlerFactory() instanceof HandlerFactory.Blocking) {
            handlerPool = settings.handlerExecutor().get();
        }
        for (Reactor worker : workers) {
            worker.start();
        }
        if (workerCount > 0) {
            acceptor.start();
        }
        return acceptor;
    }

    @Override
    protected void accepted(SocketChannel channel) throws IOException {
        configure(channel, false);
        int owner = pickWorker();
        if (owner < 0) {
            throw new IOException("no worker reactor is alive to serve it");
        }
        ReactorConnection c = new ReactorConnection(this, owner, workers[owner], channel, hooks, settings,
                timeouts);
        load.incrementAndGet(owner);
        track(c);
        if (settings.tls() == null) {
            hooks.accepted(c);
        } else {
            c.reactor().runOrPost(() -> c.startHandshake(() -> hooks.accepted(c)));
        }
    }

    /** The TLS record buffers worker {@code owner}'s connections borrow. */
    ReactorTlsBuffers tlsBuffers(int owner) {
        return tlsBuffers[owner];
    }

    /** A closed connection of worker {@code owner}: forgotten, and the worker's load drops. */
    void forget(ReactorConnection c, int owner) {
        load.decrementAndGet(owner);
        closed(c);
    }

    /**
     * Picks the owner of a new connection among the workers alive, or -1 when none is; runs
     * on the accepting reactor only.
     */
    private int pickWorker() {
        if (workers.length == 1) {
            return dead.get(0) == 0 ? 0 : -1;
        }
        if (placement == Placement.LEAST_LOADED) {
            int best = -1;
            for (int i = 0; i < workers.length; i++) {
                if (dead.get(i) == 0 && (best < 0 || load.get(i) < load.get(best))) {
                    best = i;
                }
            }
            return best;
        }
        for (int tries = 0; tries < workers.length; tries++) {
            int chosen = nextWorker;
            nextWorker = (nextWorker + 1) % workers.length;
            if (dead.get(chosen) == 0) {
                return chosen;
            }
        }
        return -1;
    }

    /**
     * Worker {@code index} died, having closed the connections registered with it: close
     * what else it owned (connections handed to it and not yet opened), route new
     * connections elsewhere, and stop accepting when no worker is left. On the dead worker's
     * thread.
     */
    private void workerDied(int index, Throwable cause) {
        dead.set(index, 1);
        Reactor worker = workers[index];
        int owned = 0;
        for (ReactorConnection c : connections.snapshot()) {
            if (c.reactor() == worker) {
                owned++;
                c.closeNow(CloseReason.SERVER_CLOSE);
            }
        }
        int alive = 0;
        for (int i = 0; i < workers.length; i++) {
            alive += dead.get(i) == 0 ? 1 : 0;
        }
        if (alive == 0) {
            log.error("{}: reactor {} died ({}) and no worker reactor is left: the server no "
                    + "longer accepts connections; close it", settings.name(), worker.name(),
                    cause.toString());
            stopAccepting();
        } else {
            log.error("{}: worker reactor {} died ({}); its connections are closed ({} more "
                    + "were still being handed to it), new ones go to the {} worker(s) alive",
                    settings.name(), worker.name(), cause.toString(), owned, alive);
        }
    }

    /** The accepting reactor died; it has closed the listener. */
    private void acceptorDied(Throwable cause) {
        log.error("{}: the accepting reactor died ({}): the server no longer accepts "
                + "connections (open ones are still served); close it", settings.name(),
                cause.toString());
    }

    /** How many worker reactors are alive (SelectServer: its one reactor). */
    public int workersAlive() {
        int alive = 0;
        for (int i = 0; i < dead.length(); i++) {
            alive += dead.get(i) == 0 ? 1 : 0;
        }
        return alive;
    }

    /** Open connections owned by each worker reactor, in worker order. */
    public int[] connectionsPerWorker() {
        int[] counts = new int[load.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = load.get(i);
        }
        return counts;
    }

    @Override
    public void process(Connection connection) {
        ReactorConnection c = connections.find(connection);
        EventHandler handler = switch (hooks.handlerFactory()) {
            case HandlerFactory.Event event -> event.newHandler();
            case HandlerFactory.Blocking blocking -> new BlockingBridge(c, hooks, handlerPool,
                    settings.inboundCapacity(), settings.highWatermark());
        };
        c.reactor().runOrPost(() -> c.open(handler));
    }

    @Override
    public void closeAll() {
        for (ReactorConnection c : connections.snapshot()) {
            hooks.statistics().connectionForceClosed();
            c.closeNow(CloseReason.SERVER_CLOSE);
        }
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        acceptor.shutdown();
        for (Reactor worker : workers) {
            worker.shutdown();
        }
        acceptor.awaitTermination(timeout);
        for (Reactor worker : workers) {
            worker.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (handlerPool != null) {
            handlerPool.shutdown();
            handlerPool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            handlerPool.shutdownNow();
        }
    }
}
