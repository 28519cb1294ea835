package org.socketserver4j.core.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The "own thread" of a connection served by a thread that blocks on it (a thread per
 * connection, a forked child): its handler's callbacks and the tasks posted to it run here,
 * one at a time, never nested. The connection's reading thread runs its callbacks with
 * {@link #run}; a task or event posted from elsewhere with {@link #post} runs after the
 * running callback if there is one, else on a short-lived thread from {@code spawner}. A task
 * posted from inside a callback waits for that callback to return: that is what keeps
 * {@code onWritabilityChanged} and {@code onClose} from re-entering a handler.
 */
public final class CallbackLane {

    private final ReentrantLock lock = new ReentrantLock();
    /** Made by the first {@link #post}: a connection that never gets a task holds no queue. */
    private volatile Queue<Runnable> posted;
    private volatile boolean drainScheduled;
    private static final VarHandle POSTED;
    private static final VarHandle DRAIN_SCHEDULED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            POSTED = lookup.findVarHandle(CallbackLane.class, "posted", Queue.class);
            DRAIN_SCHEDULED = lookup.findVarHandle(CallbackLane.class, "drainScheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private final Executor spawner;
    private final Runnable afterLeaving;

    /**
     * A lane whose posted tasks, when no callback runs, run on threads from {@code spawner}.
     * Every thread that leaves the lane runs {@code afterLeaving} (outside it): the connection
     * sends there what its callbacks wrote.
     */
    public CallbackLane(Executor spawner, Runnable afterLeaving) {
        this.spawner = spawner;
        this.afterLeaving = afterLeaving;
    }

    /** Runs {@code callback} on the calling thread inside the lane, then what was posted meanwhile. */
    public void run(Runnable callback) {
        run(Runnable::run, callback);
    }

    /**
     * Runs {@code callback} with {@code argument} on the calling thread inside the lane, then
     * what was posted meanwhile; a caller on a hot path passes a callback it made once, so the
     * call allocates nothing. An {@link Error} from either leaves the lane and propagates.
     */
    public <A> void run(Consumer<A> callback, A argument) {
        lock.lock();
        try {
            callback.accept(argument);
        } finally {
            try {
                drainLocked();
            } finally {
                lock.unlock();
            }
        }
        afterLeaving.run();
    }

    /** Whether the calling thread is inside the lane (running a callback or a task). */
    public boolean inLane() {
        return lock.isHeldByCurrentThread();
    }

    /** Runs {@code task} in the lane: after the current callback, never inside it. */
    public void post(Runnable task) {
        Queue<Runnable> queue = posted;
        if (queue == null) {
            POSTED.compareAndSet(this, null, new ConcurrentLinkedQueue<Runnable>());
            queue = posted;
        }
        queue.add(task);
        if (!lock.isHeldByCurrentThread() && DRAIN_SCHEDULED.compareAndSet(this, false, true)) {
            spawner.execute(this::drain);
        }
    }

    /** A spawned thread's turn: an {@link Error} from a task is logged here, where nobody waits for it. */
    private void drain() {
        try {
            lock.lock();
            try {
                drainScheduled = false;
                drainLocked();
            } finally {
                lock.unlock();
            }
            afterLeaving.run();
        } catch (Error fatal) {
            LoggerFactory.getLogger(CallbackLane.class)
                    .error("fatal error in a connection's task or event; the connection is closed", fatal);
        }
    }

    private void drainLocked() {
        Queue<Runnable> queue = posted;
        if (queue == null) {
            return;
        }
        Runnable task;
        while ((task = queue.poll()) != null) {
            task.run();
        }
    }
}
