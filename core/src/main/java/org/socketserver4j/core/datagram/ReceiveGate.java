package org.socketserver4j.core.datagram;

import java.time.Duration;

/**
 * Whether the readers may take datagrams: open while {@code serveForever} runs, one datagram
 * at a time for {@code handleRequest}, shut for good on close. While shut, datagrams wait in
 * the kernel's receive buffer, as connections wait in the backlog.
 */
final class ReceiveGate {

    private boolean open;
    private boolean closed;
    private int oneShots;
    /**
     * One-shot reservations a reader holds while it looks for a datagram: they still count as
     * demand, so another reader, whose socket has the datagram, does not go to sleep on the
     * strength of a reservation that is about to be given back.
     */
    private int reserved;
    private long taken;

    /** Opens or pauses the gate. */
    synchronized void setOpen(boolean on) {
        open = on;
    }

    /** Shuts the gate for good and wakes a waiting {@link #acceptOne}. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Whether a reader should wait for datagrams now. */
    synchronized boolean wantsMore() {
        return !closed && (open || oneShots > 0 || reserved > 0);
    }

    /** Reserves the right to receive one datagram; confirm or give it back. */
    synchronized boolean take() {
        if (closed) {
            return false;
        }
        if (open) {
            return true;
        }
        if (oneShots > 0) {
            oneShots--;
            reserved++;
            return true;
        }
        return false;
    }

    /** A reservation found nothing to receive: a one-shot one goes back for any reader. */
    synchronized void giveBack() {
        if (reserved > 0) {
            reserved--;
            if (!open && !closed) {
                oneShots++;
            }
        }
    }

    /** A reservation received a datagram. */
    synchronized void confirm() {
        if (reserved > 0) {
            reserved--;
        }
        taken++;
        notifyAll();
    }

    /**
     * Lets one datagram through and waits for it at most {@code timeout} ({@code null}: for
     * ever); {@code wake} wakes the readers. Returns whether one was taken.
     */
    boolean acceptOne(Duration timeout, Runnable wake) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long target;
        synchronized (this) {
            if (closed) {
                return false;
            }
            oneShots++;
            target = taken + 1;
        }
        wake.run();
        synchronized (this) {
            while (taken < target && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0 && oneShots > 0) {
                    oneShots--;
                    return false;
                }
                long millis = Math.max(1, Math.min(left / 1_000_000, 1000));
                wait(left <= 0 ? 1 : millis);
            }
            return taken >= target;
        }
    }
}
