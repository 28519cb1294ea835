package org.socketserver4j.core.engine;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pause and resume for a connection read by a blocking loop: the loop waits here while
 * reading is paused and the connection open.
 */
public final class ReadGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean paused;
    private boolean closed;

    /** Stops the loop before its next read. */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets the loop read again. */
    public void resume() {
        lock.lock();
        try {
            paused = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection closed: releases the loop for good. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while reading is paused and the gate open. */
    public void awaitOpen() throws InterruptedException {
        lock.lock();
        try {
            while (paused && !closed) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }
}
