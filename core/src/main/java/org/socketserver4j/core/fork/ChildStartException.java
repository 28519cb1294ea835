package org.socketserver4j.core.fork;

import java.io.IOException;

/**
 * A child could not be started: the {@code java} launcher could not be run, or the child ended
 * (a bad JVM option, a handler class it could not load) before it said it was ready. Its
 * stderr, logged by the parent under the child's pid, says why.
 */
public final class ChildStartException extends IOException {

    private final int status;

    /**
     * The child ran and exited with {@code status} before it was ready; {@code lastWords} are
     * the last lines of its stderr (empty if none).
     */
    ChildStartException(long pid, int status, String lastWords) {
        super("forked child " + pid + " exited with status " + status + " before it was ready"
                + (lastWords.isEmpty() ? "" : "; its stderr ended with: " + lastWords));
        this.status = status;
    }

    /** The child could not be launched at all. */
    ChildStartException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The child's exit status, or -1 if it was never launched. */
    public int status() {
        return status;
    }
}
