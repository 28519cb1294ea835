package org.socketserver4j.core.reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.socketserver4j.core.loop.AcceptorEngine;
import org.socketserver4j.core.loop.Reactor;
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * The reactor engine, in two shapes. With no workers, one reactor accepts and does all I/O
 * (SelectServer). With N workers, one reactor only accepts and hands each connection to a
 * worker reactor that owns it for life (HybridServer): the hand-over is a task on the
 * worker's queue, so it costs at most one coalesced wake-up. Event handlers run on the owning
 * reactor; blocking handlers run on the handler pool through a {@link BlockingBridge}.
 */
public final class ReactorEngine extends AcceptorEngine<ReactorConnection> {

    static {
        // Load what the close and error paths need now: under descriptor exhaustion a class
        // that is loaded lazily may not be loadable when it is first needed.
        CloseReason.values();
        BlockingBridge.class.getName();
    }

    private final int workerCount;
    private final Placement placement;
    private Reactor acceptor;
    private Reactor[] workers;
    private AtomicIntegerArray load;
    private int nextWorker;
    private ExecutorService handlerPool;

    /**
     * Makes the engine; nothing runs until {@link #start}.
     *
     * @param workers worker reactors; 0 makes the accepting reactor serve connections too
     * @param placement how a worker is picked for a new connection
     */
    public ReactorEngine(EngineSettings settings, ServerHooks hooks, int workers, Placement placement) {
        super(settings, hooks);
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0: " + workers);
        }
        this.workerCount = workers;
        this.placement = placement;
    }

    @Override
    protected Reactor startReactors() throws IOException {
        if (workerCount == 0) {
            acceptor = new Reactor(settings.name() + "-select");
            workers = new Reactor[] {acceptor};
        } else {
            acceptor = new Reactor(settings.name() + "-accept");
            workers = new Reactor[workerCount];
            for (int i = 0; i < workerCount; i++) {
                workers[i] = new Reactor(settings.name() + "-worker-" + i);
            }
        }
        load = new AtomicIntegerArray(workers.length);
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
        load.incrementAndGet(owner);
        ReactorConnection[] self = new ReactorConnection[1];
        self[0] = new ReactorConnection(workers[owner], channel, hooks, settings, () -> {
            load.decrementAndGet(owner);
            closed(self[0]);
        });
        track(self[0]);
        hooks.accepted(self[0]);
    }

    /** Picks the owner of a new connection; runs on the accepting reactor only. */
    private int pickWorker() {
        if (workers.length == 1) {
            return 0;
        }
        if (placement == Placement.LEAST_LOADED) {
            int best = 0;
            for (int i = 1; i < workers.length; i++) {
                if (load.get(i) < load.get(best)) {
                    best = i;
                }
            }
            return best;
        }
        int chosen = nextWorker;
        nextWorker = (nextWorker + 1) % workers.length;
        return chosen;
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
