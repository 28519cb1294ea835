package org.socketserver4j.core.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.socketserver4j.core.handler.Scheduled;

/**
 * A {@link TaskScheduler} on one daemon thread that is started on first use: where no reactor
 * is at hand (a forked child), a connection that never schedules anything costs no thread.
 */
public final class DaemonScheduler implements TaskScheduler {

    private final String threadName;
    private volatile ScheduledThreadPoolExecutor executor;

    /** A scheduler whose thread, once started, is named {@code threadName}. */
    public DaemonScheduler(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public Scheduled schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> future = executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private ScheduledThreadPoolExecutor executor() {
        ScheduledThreadPoolExecutor e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    e = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform()
                            .name(threadName).daemon(true).unstarted(r));
                    e.setRemoveOnCancelPolicy(true);
                    executor = e;
                }
            }
        }
        return e;
    }
}
