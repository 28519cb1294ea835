package org.socketserver4j.core.handler;

/** A task waiting to run on a connection's thread ({@link Connection#schedule}). */
public interface Scheduled {

    /**
     * Stops the task from running.
     *
     * @return whether this call stopped it (false: it has run, is running, or was cancelled)
     */
    boolean cancel();
}
