package org.socketserver4j.core.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.Scheduled;

/**
 * An event loop on one thread: a selector, a queue of tasks other threads post (followed by
 * one coalesced {@code wakeup()}), and a deadline heap of timers. Everything registered with
 * a reactor is touched only on its thread.
 *
 * <p>The loop outlives a failing {@code select}: it logs, counts ({@link #selectFailures()})
 * and rebuilds the selector at once, backing off (10 ms doubling) before each further attempt
 * while failures follow one another. After {@value #MAX_CONSECUTIVE_SELECT_FAILURES} in a row
 * (or any error escaping the loop) the reactor <em>dies</em>: it logs an error, closes
 * everything registered with it (each registration told through {@link
 * Selectable#onReactorStop()}), tells its owner through the death callback, and from then on
 * only runs the tasks posted to it (so a connection handed to it later is opened, fails to
 * register and closes through its close path) until {@link #shutdown()}.
 */
public final class Reactor implements Executor {

    /** Something registered with a reactor, told when its key is ready. */
    public interface Selectable {
        /** Handles the ready operations of {@code key}; runs on the reactor thread. */
        void onReady(SelectionKey key);

        /** The reactor is stopping: release everything at once. */
        void onReactorStop();
    }

    /** Consecutive early, empty selects after which the selector is rebuilt. */
    static final int SELECTOR_SPIN_THRESHOLD = 512;
    /** Failed selects (or selector rebuilds) in a row after which the reactor dies. */
    static final int MAX_CONSECUTIVE_SELECT_FAILURES = 6;
    /** Back-off before the second attempt after a failed select; doubles with each failure. */
    static final long SELECT_FAILURE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final Logger log = LoggerFactory.getLogger(Reactor.class);
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int PURGE_THRESHOLD = 1024;

    private final String name;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final ByteBuffer[] gatherScratch = new ByteBuffer[64];
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final SelectorProvider provider;
    private final Consumer<Throwable> onDeath;
    private volatile boolean running = true;
    private volatile boolean dead;
    private volatile Selector selector;
    private long now = System.nanoTime();
    private int callbackDepth;
    private long timerSequence;
    private int cancelledTimers;
    private volatile int selectorRebuilds;
    private volatile long selectFailures;
    private int consecutiveSelectFailures;

    /** Makes a reactor whose thread is named {@code name}; call {@link #start()} to run it. */
    public Reactor(String name) throws IOException {
        this(name, SelectorProvider.provider(), null);
    }

    /**
     * Makes a reactor whose thread is named {@code name}, with selectors from {@code provider}
     * (tests pass one whose selectors fail on demand); call {@link #start()} to run it.
     *
     * @param onDeath told, on the reactor thread, once the reactor has died and closed what
     *     was registered with it (not when it stops because of {@link #shutdown()});
     *     {@code null}: the reactor's own error log is all
     * @throws IOException if no selector can be opened
     */
    public Reactor(String name, SelectorProvider provider, Consumer<Throwable> onDeath)
            throws IOException {
        this.name = name;
        this.provider = provider;
        this.onDeath = onDeath;
        this.selector = provider.openSelector();
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    /** Starts the loop thread. */
    public void start() {
        thread.start();
    }

    /** The reactor's name (its thread's name). */
    public String name() {
        return name;
    }

    /** Whether the caller is this reactor's thread. */
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the reactor thread: later, even when called from it. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inEventLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
            if (dead) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** A handler callback starts on this reactor's thread; reactor thread only. */
    public void enterCallback() {
        callbackDepth++;
    }

    /** A handler callback ended; reactor thread only. */
    public void exitCallback() {
        callbackDepth--;
    }

    /**
     * Whether a handler callback is running on this reactor's thread now: an event for another
     * connection must then wait, so that no handler runs inside another's callback.
     */
    public boolean inCallback() {
        return callbackDepth > 0;
    }

    /** Runs {@code task} now when on the reactor thread, else posts it. */
    public void runOrPost(Runnable task) {
        if (inEventLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /** The time of the current loop iteration, from {@link System#nanoTime()}. */
    public long now() {
        return now;
    }

    /** The reactor's read buffer, shared by all its connections: valid until the next read. */
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** A scratch array for gathering writes. */
    public ByteBuffer[] gatherScratch() {
        return gatherScratch;
    }

    /** How many times the selector was rebuilt, after spinning or after a failed select. */
    public int selectorRebuilds() {
        return selectorRebuilds;
    }

    /** How many times {@code select} (or a rebuild after one failed) threw. */
    public long selectFailures() {
        return selectFailures;
    }

    /**
     * Whether the reactor has died: its selector failed beyond repair or an error escaped its
     * loop. A dead reactor has closed everything registered with it and only runs tasks.
     */
    public boolean isDead() {
        return dead;
    }

    /**
     * Registers {@code channel} with this reactor's selector; reactor thread only.
     *
     * @throws IOException also when the reactor has died (its selector is closed)
     */
    public SelectionKey register(SelectableChannel channel, int ops, Selectable attachment)
            throws IOException {
        try {
            return channel.register(selector, ops, attachment);
        } catch (ClosedSelectorException e) {
            throw new IOException("reactor " + name + " has stopped: its selector is closed", e);
        }
    }

    /** Runs {@code task} after {@code delayNanos}; reactor thread only. */
    public Timer schedule(Runnable task, long delayNanos) {
        Timer timer = new Timer(this, now + delayNanos, timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /**
     * Runs {@code task} on this reactor once {@code delayNanos} have passed; safe from any thread,
     * and so is cancelling it through the handle.
     */
    public Scheduled scheduleFromAnyThread(Runnable task, long delayNanos) {
        PendingTimer pending = new PendingTimer(task);
        runOrPost(() -> pending.arm(delayNanos));
        return pending;
    }

    /** Timers in the heap, cancelled ones not yet purged included; reactor thread only. */
    int pendingTimers() {
        return timers.size();
    }

    /**
     * A timer was cancelled. Its entry stays in the heap until due, holding nothing; when
     * cancelled entries are more than half of a large heap they are purged, so closed
     * connections never pile up behind long timeouts.
     */
    private void timerCancelled() {
        if (++cancelledTimers > PURGE_THRESHOLD && cancelledTimers > timers.size() / 2) {
            timers.removeIf(t -> t.cancelled);
            cancelledTimers = 0;
        }
    }

    /** Asks the loop to stop; it releases every registered channel as it ends. */
    public void shutdown() {
        running = false;
        selector.wakeup();
        LockSupport.unpark(thread);
    }

    /** Waits for the loop thread to end; returns whether it did in time. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            return true;
        }
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void run() {
        Throwable death = null;
        try {
            loop();
        } catch (Throwable fatal) {
            death = fatal;
            log.error("reactor {} died ({}); closing its connections. Connections handed to it "
                    + "from now on are closed as they arrive", name, fatal.toString(), fatal);
        }
        try {
            if (death != null) {
                dead = true;
            }
            releaseAll();
            if (death != null) {
                tellDeath(death);
                runTasksUntilShutdown();
            }
        } finally {
            terminated.countDown();
        }
    }

    private void tellDeath(Throwable death) {
        if (onDeath == null) {
            return;
        }
        try {
            onDeath.accept(death);
        } catch (Throwable e) {
            log.error("reactor {}: the death callback failed", name, e);
        }
    }

    /**
     * A dead reactor's thread: runs posted tasks and due timers (a connection handed over
     * now fails to register and closes) until {@link #shutdown()}, then runs what is left.
     */
    private void runTasksUntilShutdown() {
        while (running) {
            wakeupPending.set(false);
            long timeoutMillis = runTimersAndTasks();
            if (!running) {
                break;
            }
            if (tasks.isEmpty()) {
                if (timeoutMillis == 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
                }
            }
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task);
        }
    }

    private void loop() throws IOException {
        SelectSpinDetector spin = new SelectSpinDetector(SELECTOR_SPIN_THRESHOLD);
        while (running) {
            long timeoutMillis = runTimersAndTasks();
            if (!running) {
                break;
            }
            long before = System.nanoTime();
            int ready;
            try {
                if (!tasks.isEmpty()) {
                    ready = selector.selectNow();
                } else {
                    ready = timeoutMillis == 0 ? selector.select() : selector.select(timeoutMillis);
                }
            } catch (IOException e) {
                if (!running) {
                    break;
                }
                recoverFromSelectFailure(e);
                spin.reset();
                continue;
            }
            consecutiveSelectFailures = 0;
            boolean woken = wakeupPending.getAndSet(false);
            now = System.nanoTime();
            if (running && spin.spun(ready, woken, !tasks.isEmpty(), timeoutMillis, now - before)) {
                try {
                    rebuildSelector();
                    log.warn("reactor {}: rebuilt the selector (it kept returning early with "
                            + "nothing ready)", name);
                } catch (IOException e) {
                    recoverFromSelectFailure(e);
                    continue;
                }
            }
            if (ready > 0) {
                processSelectedKeys();
            }
        }
    }

    /**
     * {@code select} (or a rebuild) failed: count, log, and rebuild the selector, the cure;
     * each further failure in a row waits longer first (10 ms doubling, never a spin).
     *
     * @throws IOException when failures in a row reach the limit: the reactor dies
     */
    private void recoverFromSelectFailure(IOException failure) throws IOException {
        IOException last = failure;
        while (true) {
            selectFailures++;
            int attempt = ++consecutiveSelectFailures;
            if (attempt >= MAX_CONSECUTIVE_SELECT_FAILURES) {
                throw new IOException("the selector failed " + attempt + " times in a row, "
                        + "rebuilding it did not help", last);
            }
            log.warn("reactor {}: select failed ({}); rebuilding the selector (failure {} in a "
                    + "row, the reactor stops after {})", name, last.toString(), attempt,
                    MAX_CONSECUTIVE_SELECT_FAILURES);
            if (attempt > 1) {
                backOff(SELECT_FAILURE_BACKOFF_NANOS << Math.min(attempt - 2, 10));
                if (!running) {
                    return;
                }
            }
            try {
                rebuildSelector();
                now = System.nanoTime();
                return;
            } catch (IOException rebuildFailed) {
                last = rebuildFailed;
            }
        }
    }

    /** Waits {@code nanos} without spinning; {@link #shutdown()} cuts it short. */
    private void backOff(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private void processSelectedKeys() {
        var selected = selector.selectedKeys();
        for (var it = selected.iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            Selectable target = (Selectable) key.attachment();
            try {
                if (key.isValid()) {
                    target.onReady(key);
                }
            } catch (Throwable e) {
                // The loop must outlive any one connection: even a LinkageError (a class that
                // could not be loaded while descriptors ran out) is logged, not fatal.
                log.error("reactor {}: unexpected error handling {}", name, target, e);
            }
        }
    }

    /** Runs due timers and queued tasks; returns the select timeout in ms (0: none due). */
    private long runTimersAndTasks() {
        now = System.nanoTime();
        Timer timer;
        while ((timer = timers.peek()) != null && timer.deadline - now <= 0) {
            timers.poll();
            if (timer.cancelled) {
                cancelledTimers = Math.max(0, cancelledTimers - 1);
            } else {
                timer.cancelled = true;
                runSafely(timer.task);
            }
        }
        Runnable task;
        int budget = 4096;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            runSafely(task);
        }
        while ((timer = timers.peek()) != null && timer.cancelled) {
            timers.poll();
            cancelledTimers = Math.max(0, cancelledTimers - 1);
        }
        if (timer == null) {
            return 0;
        }
        long nanos = timer.deadline - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1);
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            log.error("reactor {}: task failed", name, e);
        }
    }

    /**
     * Moves every registration to a new selector: the cure for a selector that keeps
     * returning early with nothing ready (the epoll spin bug) or whose {@code select} failed.
     * A registration that cannot be moved is told {@link Selectable#onReactorStop()} (it
     * closes); when no new selector can be opened, nothing changes and this throws.
     */
    void rebuildSelector() throws IOException {
        Selector old = selector;
        Selector fresh = provider.openSelector();
        for (SelectionKey key : old.keys()) {
            if (!key.isValid()) {
                continue;
            }
            Selectable target = (Selectable) key.attachment();
            try {
                int ops = key.interestOps();
                key.cancel();
                SelectionKey moved = key.channel().register(fresh, ops, target);
                if (target instanceof KeyHolder holder) {
                    holder.keyMoved(moved);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("reactor {}: cannot move {} to the new selector, closing it: {}", name,
                        target, e.toString());
                stopSafely(target);
            }
        }
        selector = fresh;
        try {
            old.close();
        } catch (IOException e) {
            log.debug("reactor {}: closing the old selector", name, e);
        }
        selectorRebuilds++;
    }

    private void stopSafely(Selectable target) {
        try {
            target.onReactorStop();
        } catch (RuntimeException e) {
            log.warn("reactor {}: error releasing {}", name, target, e);
        }
    }

    private void releaseAll() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task);
        }
        List<Selectable> registered = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                registered.add((Selectable) key.attachment());
            }
        } catch (ClosedSelectorException alreadyClosed) {
            // nothing left to release
        }
        for (Selectable target : registered) {
            stopSafely(target);
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("reactor {}: closing selector", name, e);
        }
    }

    /** A registration that must learn its new key when the selector is rebuilt. */
    public interface KeyHolder {
        /** The registration now lives under {@code key}. */
        void keyMoved(SelectionKey key);
    }

    /** A timer armed from any thread: it runs its task once, unless cancelled first. */
    private final class PendingTimer implements Scheduled {
        private static final int WAITING = 0;
        private static final int DONE = 1;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private Runnable task;
        private Timer timer;

        PendingTimer(Runnable task) {
            this.task = task;
        }

        /** Reactor thread. */
        void arm(long delayNanos) {
            if (state.get() == WAITING) {
                timer = schedule(this::fire, delayNanos);
            }
        }

        private void fire() {
            Runnable t = task;
            task = null;
            if (state.compareAndSet(WAITING, DONE) && t != null) {
                t.run();
            }
        }

        @Override
        public boolean cancel() {
            if (!state.compareAndSet(WAITING, DONE)) {
                return false;
            }
            runOrPost(() -> {
                task = null;
                if (timer != null) {
                    timer.cancel();
                }
            });
            return true;
        }
    }

    /** A task due at a deadline; cancel it with {@link #cancel()}. Reactor thread only. */
    public static final class Timer implements Comparable<Timer> {
        private final Reactor reactor;
        private final long deadline;
        private final long sequence;
        private Runnable task;
        private boolean cancelled;

        private Timer(Reactor reactor, long deadline, long sequence, Runnable task) {
            this.reactor = reactor;
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        /** Stops the task from running and lets go of it; no effect once it ran. */
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                task = null;
                reactor.timerCancelled();
            }
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadline - other.deadline, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }
}
