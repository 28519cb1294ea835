package org.socketserver4j.core.fork;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Ending a child: politely (SIGTERM), then by force (SIGKILL). */
final class Children {

    private static final long POLITE_MILLIS = 2000;

    private Children() {}

    /**
     * Asks the child to end and returns at once; if it is still alive after the polite wait it
     * is killed. Closing many connections so costs no thread blocked per child.
     */
    static void endWithoutWaiting(Process child) {
        child.destroy();
        CompletableFuture.delayedExecutor(POLITE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        });
    }

    /** Asks the child to end, waits a little, then kills it; returns once it is gone. */
    static void end(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(POLITE_MILLIS, TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
                child.waitFor(POLITE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the parent's ends of the child's stdin, stdout and stderr pipes. */
    static void closeStreams(Process child) {
        for (java.io.Closeable stream : new java.io.Closeable[] {
            child.getOutputStream(), child.getInputStream(), child.getErrorStream()}) {
            try {
                stream.close();
            } catch (java.io.IOException ignored) {
                // already closed
            }
        }
    }
}
