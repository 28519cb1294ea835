package org.socketserver4j.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.socketserver4j.core.handler.Connection;

/**
 * The open connections of an engine: added when accepted, removed by their one close path.
 * Graceful close waits on it; nothing is kept once a connection has closed.
 *
 * @param <C> the engine's connection type
 */
public final class ConnectionTracker<C extends Connection> {

    private final Map<Connection, C> open = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition emptied = lock.newCondition();

    /** Records an open connection. */
    public void add(C connection) {
        open.put(connection, connection);
    }

    /**
     * The engine's own object for {@code connection}, as the engine tracks it.
     *
     * @throws IllegalArgumentException if it is not an open connection of this engine
     */
    public C find(Connection connection) {
        C found = open.get(connection);
        if (found == null) {
            throw new IllegalArgumentException(connection + " is not an open connection of this server");
        }
        return found;
    }

    /** Forgets a closed connection; wakes waiters when none is left. */
    public void remove(C connection) {
        if (open.remove(connection) != null && open.isEmpty()) {
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
        return List.copyOf(open.values());
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
