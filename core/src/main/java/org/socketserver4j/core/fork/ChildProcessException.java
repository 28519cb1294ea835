package org.socketserver4j.core.fork;

/**
 * A forked child ended with a non-zero status: its handler failed (status 1, the error is in
 * the child's stderr, logged by the parent), it could not start serving (2), it called
 * {@code System.exit} with that status, or it was killed (128 + the signal).
 */
public final class ChildProcessException extends Exception {

    private final long pid;
    private final int status;

    /** Makes the exception for child {@code pid} that exited with {@code status}. */
    public ChildProcessException(long pid, int status) {
        super("forked child " + pid + " exited with status " + status
                + (status == ChildMain.HANDLER_FAILED ? " (its handler failed; see its stderr above)" : ""));
        this.pid = pid;
        this.status = status;
    }

    /** The child's process id. */
    public long pid() {
        return pid;
    }

    /** The child's exit status. */
    public int status() {
        return status;
    }
}
