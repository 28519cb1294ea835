package org.socketserver4j.core.loop;

import java.util.concurrent.TimeUnit;

/**
 * Spots a selector that spins: a select that returns early with nothing ready, not woken up
 * and with no task pending, again and again (the JDK's epoll spin bug). Counts such selects
 * in a row and says when the threshold is reached; any useful select starts the count over.
 */
final class SelectSpinDetector {

    private final int threshold;
    private int earlyEmptySelects;

    SelectSpinDetector(int threshold) {
        this.threshold = threshold;
    }

    /**
     * Reports one select.
     *
     * @param ready keys the select returned
     * @param woken whether a {@code wakeup()} was asked for
     * @param tasksPending whether tasks are waiting
     * @param timeoutMillis the timeout the select was given, 0 for none
     * @param elapsedNanos how long the select took
     * @return true when the selector should be rebuilt (the count then starts over)
     */
    boolean spun(int ready, boolean woken, boolean tasksPending, long timeoutMillis, long elapsedNanos) {
        boolean early = timeoutMillis == 0
                || elapsedNanos < TimeUnit.MILLISECONDS.toNanos(timeoutMillis) / 2;
        if (ready != 0 || woken || tasksPending || !early) {
            earlyEmptySelects = 0;
            return false;
        }
        if (++earlyEmptySelects >= threshold) {
            earlyEmptySelects = 0;
            return true;
        }
        return false;
    }

    /** Starts the count over (the selector was just replaced). */
    void reset() {
        earlyEmptySelects = 0;
    }
}
