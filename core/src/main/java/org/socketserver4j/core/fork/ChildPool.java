package org.socketserver4j.core.fork;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.stats.ServerStatistics;

/**
 * Children started ahead of need, each waiting for the header of the one connection it will
 * serve. Taking one triggers a refill in the background; the pool never lets busy plus idle
 * children exceed the server's {@code maxChildren}.
 */
final class ChildPool {

    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    private final ChildLauncher launcher;
    private final int size;
    private final int maxChildren;
    private final IntSupplier busy;
    private final ServerStatistics statistics;
    private final ConcurrentLinkedQueue<Process> idle = new ConcurrentLinkedQueue<>();
    private final ExecutorService refiller = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("child-pool-refill").factory());
    private volatile boolean closed;

    ChildPool(ChildLauncher launcher, int size, int maxChildren, IntSupplier busy, ServerStatistics statistics) {
        this.launcher = launcher;
        this.size = size;
        this.maxChildren = maxChildren;
        this.busy = busy;
        this.statistics = statistics;
    }

    /** Fills the pool in the background. */
    void start() {
        refill();
    }

    /** A started child: a warm one from the pool if there is one, else a fresh one. */
    Process take() throws IOException {
        Process child;
        while ((child = idle.poll()) != null && !child.isAlive()) {
            log.debug("pooled child {} died while waiting", child.pid());
        }
        refill();
        if (child != null) {
            return child;
        }
        statistics.childStarted();
        return launcher.start();
    }

    /** Idle children waiting now. */
    int idle() {
        return idle.size();
    }

    private void refill() {
        if (size == 0 || closed) {
            return;
        }
        refiller.execute(() -> {
            while (!closed && idle.size() < size && busy.getAsInt() + idle.size() < maxChildren) {
                try {
                    idle.add(launcher.start());
                    statistics.childStarted();
                } catch (IOException e) {
                    log.warn("cannot start a pooled child: {}", e.toString());
                    return;
                }
            }
        });
    }

    /** Stops refilling and ends the idle children (their stdin closes: they exit on their own). */
    void close() {
        closed = true;
        refiller.shutdownNow();
        Process child;
        while ((child = idle.poll()) != null) {
            try {
                child.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            Children.end(child);
        }
    }
}
