package org.socketserver4j.core.fork;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.stats.ServerStatistics;

/**
 * Gives connections their children, starting no more JVMs at once than the machine can start:
 * at most {@code maxSpawning} children are starting at any time (launched, not yet ready), so
 * a burst of connections waits for children in order instead of starting dozens of JVMs that
 * share the cores and all finish late. A connection takes a warm child if one is waiting,
 * else it waits (woken when a child becomes ready, never by polling) for the next child that
 * becomes ready. Ready children nobody waits for stay warm, up to the spare target; the warm
 * pool refills in the background, only while no connection waits (a spare starting beside a
 * waiting connection's child would slow it down). Busy, warm and starting children stay within
 * {@code maxChildren}.
 *
 * <p><b>The spare target</b> (Apache prefork's StartServers, MinSpareServers and
 * MaxSpareServers): the pool starts at {@code startSpare} warm children, never aims below
 * {@code prespawn} nor above {@code max(prespawn, maxSpare)}. Each connection raises it to the
 * connections open at that moment (a burst of 32 asks for 32 spares for the next one); after
 * {@code spareIdle} without a new connection it halves (not below {@code prespawn}) and warm
 * children beyond it are ended, oldest first, so an idle pool shrinks back.
 *
 * <p><b>Refilling after a warm child is taken</b> waits until {@link #REFILL_SETTLE_NANOS} after
 * the last such take: a JVM starting beside the warm child that is answering its first bytes
 * would take the cores from it (on 2 cores, a warm child's first byte in 7 to 9 ms instead of
 * 4). Each take of a warm child restarts the wait, so a burst is served before its spares are
 * replaced.
 *
 * <p>A child that cannot start fails the connection that has waited longest (so each waiting
 * connection sees at most one failure, and the next one triggers a new start); with no
 * connection waiting, refilling the pool pauses until the next connection.
 */
final class ChildBroker {

    private static final Logger log = LoggerFactory.getLogger(ChildBroker.class);
    private static final long LAUNCH_WAIT_SECONDS = 10;
    /** How long after a warm child is taken the pool waits before it starts a replacement. */
    static final long REFILL_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ChildLauncher launcher;
    private final int prespawn;
    private final int maxSpare;
    private final long spareIdleNanos;
    private final int maxSpawning;
    private final int maxChildren;
    private final IntSupplier openConnections;
    private final ServerStatistics statistics;

    // guarded by this
    private final Deque<CompletableFuture<Process>> waiters = new ArrayDeque<>();
    private final Deque<Process> idle = new ArrayDeque<>();
    private final List<Spawn> spawning = new ArrayList<>();
    private boolean refillPaused;
    private boolean closed;
    private int target;
    private long lastDemand = System.nanoTime();
    /** Refilling the pool waits until this time (nanoTime) after a warm child was taken; 0: no wait. */
    private long refillSettlesAt;
    /** Runs the shrink and refill timers: one daemon thread, started by {@link #start}. */
    private ScheduledExecutorService timers;

    /** One child being started: its process once launched, and whether it is still wanted. */
    private static final class Spawn {
        Process process;
        boolean abandoned;
        /** Completed once {@code ProcessBuilder.start} has returned: with the process, or null. */
        final CompletableFuture<Process> launched = new CompletableFuture<>();
    }

    /**
     * A broker whose warm pool starts at {@code startSpare}, stays between {@code prespawn} and
     * {@code max(prespawn, maxSpare)}, grows with the connections open and halves after
     * {@code spareIdleNanos} without a new one ({@code 0}: never).
     */
    ChildBroker(ChildLauncher launcher, int prespawn, int startSpare, int maxSpare, long spareIdleNanos,
            int maxSpawning, int maxChildren, IntSupplier openConnections, ServerStatistics statistics) {
        this.launcher = launcher;
        this.prespawn = prespawn;
        this.maxSpare = Math.max(prespawn, maxSpare);
        this.spareIdleNanos = spareIdleNanos;
        this.target = Math.max(prespawn, Math.min(startSpare, this.maxSpare));
        this.maxSpawning = maxSpawning;
        this.maxChildren = maxChildren;
        this.openConnections = openConnections;
        this.statistics = statistics;
    }

    /** Starts filling the warm pool, and shrinking it when idle. */
    synchronized void start() {
        timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("child-pool-timer").factory());
        if (spareIdleNanos > 0 && maxSpare > prespawn) {
            timers.schedule(this::shrinkIfIdle, spareIdleNanos, TimeUnit.NANOSECONDS);
        }
        pump();
    }

    /** The number of warm children the pool aims at now. */
    synchronized int spareTarget() {
        return target;
    }

    /** A connection has closed: there may be room for the warm children the target wants. */
    synchronized void released() {
        pump();
    }

    /**
     * After {@code spareIdle} without a new connection, halves the spare target (not below
     * {@code prespawn}) and ends the warm and starting children beyond it.
     */
    private void shrinkIfIdle() {
        List<Process> ending = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            long idleFor = now - lastDemand;
            if (target <= prespawn || idleFor < spareIdleNanos) {
                // one timer, at the earliest time the pool can shrink: a period after the last
                // connection, or a whole period from now while it is at its floor
                long next = target <= prespawn ? spareIdleNanos : spareIdleNanos - idleFor;
                timers.schedule(this::shrinkIfIdle, next, TimeUnit.NANOSECONDS);
                return;
            }
            lastDemand = now;
            timers.schedule(this::shrinkIfIdle, spareIdleNanos, TimeUnit.NANOSECONDS);
            target = Math.max(prespawn, target / 2);
            while (idle.size() > target) {
                ending.add(idle.poll());
            }
            Process surplus;
            while ((surplus = abandonSurplusSpawn()) != null) {
                ending.add(surplus);
            }
            log.debug("no new connection for a while: {} spare children wanted, ending {}", target, ending.size());
        }
        for (Process child : ending) {
            Children.endWithoutWaiting(child);
            child.onExit().thenRun(() -> Children.closeStreams(child));
        }
    }

    /**
     * A child for one connection: completed at once with a warm child if one waits, else when
     * the next child becomes ready; failed with a {@link ChildStartException} if a child
     * could not start, or cancelled when the broker closes. Cancel it (or
     * {@link #cancel}) when the connection goes away before.
     */
    CompletableFuture<Process> take() {
        CompletableFuture<Process> child = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                child.cancel(false);
                return child;
            }
            Process warm = pollLiveIdle();
            if (warm == null) {
                waiters.add(child);
            }
            lastDemand = System.nanoTime();
            target = Math.min(maxSpare, Math.max(target, openConnections.getAsInt()));
            refillPaused = false;
            if (warm != null) {
                holdRefill();
            }
            pump();
            if (warm == null) {
                return child;
            }
            child.complete(warm);
            return child;
        }
    }

    /**
     * The connection that waited for {@code child} has gone: it no longer waits, and a child
     * being started that is no longer needed is ended now.
     */
    void cancel(CompletableFuture<Process> child) {
        child.cancel(false);
        Process surplus = null;
        synchronized (this) {
            if (waiters.remove(child)) {
                surplus = abandonSurplusSpawn();
            }
        }
        if (surplus != null) {
            Children.endWithoutWaiting(surplus);
        }
    }

    /** Warm children waiting now. */
    synchronized int idle() {
        return idle.size();
    }

    /** Children being started now. */
    synchronized int spawning() {
        return (int) spawning.stream().filter(s -> !s.abandoned).count();
    }

    /** Connections waiting for a child now. */
    synchronized int waiting() {
        return waiters.size();
    }

    /**
     * Stops starting children, cancels the waiting connections and ends every warm and
     * starting child, waiting until they are gone.
     */
    void close() {
        List<CompletableFuture<Process>> cancelled;
        List<Process> ending = new ArrayList<>();
        List<Spawn> launching = new ArrayList<>();
        synchronized (this) {
            closed = true;
            if (timers != null) {
                timers.shutdownNow();
            }
            cancelled = List.copyOf(waiters);
            waiters.clear();
            ending.addAll(idle);
            idle.clear();
            for (Spawn s : spawning) {
                s.abandoned = true;
                if (s.process != null) {
                    ending.add(s.process);
                } else {
                    launching.add(s);
                }
            }
        }
        // A child still being launched ends itself once launched (abandoned); wait for it, so
        // that none outlives close.
        for (Spawn s : launching) {
            try {
                Process p = s.launched.get(LAUNCH_WAIT_SECONDS, TimeUnit.SECONDS);
                if (p != null) {
                    ending.add(p);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.warn("a child being launched at close did not say whether it started: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        cancelled.forEach(w -> w.cancel(false));
        ending.forEach(Children::endWithoutWaiting);
        for (Process child : ending) {
            Children.end(child);
            Children.closeStreams(child);
        }
    }

    private Process pollLiveIdle() {
        Process warm;
        while ((warm = idle.poll()) != null && !warm.isAlive()) {
            log.debug("warm child {} died while waiting", warm.pid());
            Children.closeStreams(warm);
        }
        return warm;
    }

    private int activeSpawns() {
        int n = 0;
        for (Spawn s : spawning) {
            if (!s.abandoned) {
                n++;
            }
        }
        return n;
    }

    /** A warm child was taken: refilling waits {@link #REFILL_SETTLE_NANOS} from now. */
    private void holdRefill() {
        if (timers == null) {
            return;
        }
        refillSettlesAt = System.nanoTime() + REFILL_SETTLE_NANOS;
        timers.schedule(this::refillSettled, REFILL_SETTLE_NANOS, TimeUnit.NANOSECONDS);
    }

    /** A refill wait may be over: starts the spares wanted unless a later take restarted it. */
    private synchronized void refillSettled() {
        if (refillSettlesAt != 0 && System.nanoTime() - refillSettlesAt >= 0) {
            refillSettlesAt = 0;
            pump();
        }
    }

    /** Starts children while some are wanted and fewer than maxSpawning are starting. */
    private void pump() {
        while (!closed && spawning.size() < maxSpawning) {
            int active = activeSpawns();
            boolean forWaiter = waiters.size() > active;
            int warmExpected = idle.size() + active - waiters.size();
            // the pool refills only when nobody waits: a spare must not slow a waiting connection's child
            boolean forPool = waiters.isEmpty() && !refillPaused && refillSettlesAt == 0 && warmExpected < target
                    && openConnections.getAsInt() + idle.size() + active < maxChildren;
            if (!forWaiter && !forPool) {
                return;
            }
            Spawn spawn = new Spawn();
            spawning.add(spawn);
            Thread.ofVirtual().name("child-spawn").start(() -> launch(spawn));
        }
    }

    /** With more children starting than wanted, abandons the newest one and returns its process. */
    private Process abandonSurplusSpawn() {
        int active = activeSpawns();
        int wanted = waiters.size() + Math.max(0, target - idle.size());
        if (active <= wanted) {
            return null;
        }
        for (int i = spawning.size() - 1; i >= 0; i--) {
            Spawn s = spawning.get(i);
            if (!s.abandoned && s.process != null) {
                s.abandoned = true;
                return s.process;
            }
        }
        return null;
    }

    private void launch(Spawn spawn) {
        long launchedAt = System.nanoTime();
        ChildLauncher.Launched launched;
        try {
            launched = launcher.start();
        } catch (ChildStartException e) {
            spawn.launched.complete(null);
            failed(spawn, e);
            return;
        }
        statistics.childStarted();
        Process abandonedEarly = null;
        synchronized (this) {
            spawn.process = launched.process();
            if (spawn.abandoned) {
                abandonedEarly = spawn.process;
            }
        }
        spawn.launched.complete(launched.process());
        if (abandonedEarly != null) {
            Children.endWithoutWaiting(abandonedEarly);
        }
        launched.ready().whenComplete((child, error) -> {
            if (error == null) {
                if (log.isDebugEnabled()) {
                    log.debug("child {} ready {} ms after launch", child.pid(),
                            (System.nanoTime() - launchedAt) / 1_000_000);
                }
                ready(spawn, child);
            } else {
                failed(spawn, error);
            }
        });
    }

    private void ready(Spawn spawn, Process child) {
        CompletableFuture<Process> served = null;
        boolean end = false;
        synchronized (this) {
            spawning.remove(spawn);
            if (closed || spawn.abandoned) {
                end = true;
            } else {
                while ((served = waiters.poll()) != null && served.isDone()) {
                    // cancelled meanwhile
                }
                if (served == null) {
                    if (idle.size() < target) {
                        idle.add(child);
                        child.onExit().thenRun(() -> forgetIdle(child));
                    } else {
                        end = true;
                    }
                }
            }
            pump();
        }
        if (end) {
            Children.endWithoutWaiting(child);
        } else if (served != null && !served.complete(child)) {
            Children.endWithoutWaiting(child);
        }
    }

    private void failed(Spawn spawn, Throwable error) {
        CompletableFuture<Process> victim = null;
        synchronized (this) {
            spawning.remove(spawn);
            if (closed || spawn.abandoned) {
                return;
            }
            while ((victim = waiters.poll()) != null && victim.isDone()) {
                // cancelled meanwhile
            }
            if (victim == null) {
                refillPaused = true;
                log.warn("a warm child could not start; the pool refills at the next connection: {}",
                        error.getMessage());
            }
            pump();
        }
        if (victim != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            victim.completeExceptionally(cause instanceof ChildStartException ? cause
                    : new ChildStartException("a child could not start: " + cause, cause));
        }
    }

    private void forgetIdle(Process child) {
        synchronized (this) {
            if (!idle.remove(child)) {
                return;
            }
            log.debug("warm child {} died while waiting", child.pid());
            pump();
        }
        Children.closeStreams(child);
    }
}
