package org.socketserver4j.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open connections of an engine: added when accepted, removed by their one close path.
 * Graceful close waits on it; nothing is kept once a connection has closed.
 *
 * @param <C> the engine's connection type
 */
public final class ConnectionTracker<C> {

    private final Set<C> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition emptied = lock.newCondition();

    /** Records an open connection. */
    public void add(C connection) {
        open.add(connection);
    }

    /** Forgets a closed connection; wakes waiters when none is left. */
    public void remove(C connection) {
        if (open.remove(connection) && open.isEmpty()) {
            lock.lock();
            try {
                emptied.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** How many connections are open. */
    public int size() {
        return open.size();
    }

    /** A copy of the open connections. */
    public List<C> snapshot() {
        return List.copyOf(open);
    }

    /** Waits until no connection is open, at most {@code timeout}; returns whether none is. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!open.isEmpty()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = emptied.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
