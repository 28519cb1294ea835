package org.socketserver4j.core.engine;

import org.socketserver4j.core.handler.Scheduled;

/** Runs a task once a delay has passed; safe from any thread, as is cancelling it. */
@FunctionalInterface
public interface TaskScheduler {

    /** Runs {@code task} after {@code delayNanos}, on the scheduler's thread. */
    Scheduled schedule(Runnable task, long delayNanos);
}
