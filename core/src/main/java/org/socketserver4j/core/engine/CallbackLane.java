package org.socketserver4j.core.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

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
    private final Queue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
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
        lock.lock();
        try {
            callback.run();
            drainLocked();
        } finally {
            lock.unlock();
        }
        afterLeaving.run();
    }

    /** Whether the calling thread is inside the lane (running a callback or a task). */
    public boolean inLane() {
        return lock.isHeldByCurrentThread();
    }

    /** Runs {@code task} in the lane: after the current callback, never inside it. */
    public void post(Runnable task) {
        posted.add(task);
        if (!lock.isHeldByCurrentThread() && drainScheduled.compareAndSet(false, true)) {
            spawner.execute(this::drain);
        }
    }

    private void drain() {
        lock.lock();
        try {
            drainScheduled.set(false);
            drainLocked();
        } finally {
            lock.unlock();
        }
        afterLeaving.run();
    }

    private void drainLocked() {
        Runnable task;
        while ((task = posted.poll()) != null) {
            task.run();
        }
    }
}
