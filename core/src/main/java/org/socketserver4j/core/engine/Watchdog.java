package org.socketserver4j.core.engine;

import org.socketserver4j.core.handler.Scheduled;

/**
 * One connection's timeout timer on a thread of its own or a relay: it runs its check by the
 * earliest deadline it was armed for. Arming for a later deadline than the one pending changes
 * nothing; arming for an earlier one replaces the timer (output that just became pending brings
 * the write deadline forward). Safe from any thread.
 */
public final class Watchdog {

    private final TaskScheduler scheduler;
    private final Runnable check;
    /** The pending timer, or null. Guarded by this. */
    private Scheduled timer;
    /** The pending timer's deadline (System.nanoTime). Guarded by this. */
    private long deadline;

    /** A watchdog that runs {@code check} on {@code scheduler}'s thread when a deadline comes. */
    public Watchdog(TaskScheduler scheduler, Runnable check) {
        this.scheduler = scheduler;
        this.check = check;
    }

    /**
     * Makes sure the check runs by {@code at} ({@link System#nanoTime()} time); nothing for
     * {@link Long#MAX_VALUE}.
     */
    public synchronized void armBy(long at) {
        if (at == Long.MAX_VALUE || (timer != null && at - deadline >= 0)) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        deadline = at;
        timer = scheduler.schedule(() -> fire(at), Math.max(0, at - System.nanoTime()));
    }

    /** Stops the pending timer, if any. */
    public synchronized void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void fire(long at) {
        synchronized (this) {
            if (timer == null || deadline != at) {
                return; // cancelled, or replaced by an earlier one that ran or will
            }
            timer = null;
        }
        check.run();
    }
}
