package org.socketserver4j.core.datagram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.engine.Engine;
import org.socketserver4j.core.handler.Connection;

/**
 * The UDP engine of every server: one {@link DatagramReader} per socket (one socket, or
 * several SO_REUSEPORT sockets on the port), handlers run as the server's
 * {@link DatagramConcurrency} says. A datagram longer than the maximum is counted as
 * truncated, reported to {@code handleError} with a {@link DatagramTooLargeException} and
 * dropped. There are no connections: {@link #closeAll()} has nothing to close, and draining
 * waits for the handlers still running.
 */
public final class DatagramEngine implements Engine {

    private static final Logger log = LoggerFactory.getLogger(DatagramEngine.class);

    private final String name;
    private final DatagramChannel first;
    private final DatagramConcurrency concurrency;
    private final int maxDatagramSize;
    private final int receiveBufferSize;
    private final boolean reuseAddress;
    private final DatagramHooks hooks;
    private final ReceiveGate gate = new ReceiveGate();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<DatagramReader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Object idle = new Object();
    private int inFlight;
    private ExecutorService executor;

    /**
     * An engine for {@code bound}, the server's first (bound) socket.
     *
     * @param name prefix of the reader threads' names
     * @param options the maximum datagram size and the receive buffer of extra sockets
     */
    public DatagramEngine(String name, DatagramChannel bound, DatagramConcurrency concurrency,
            DatagramOptions options, boolean reuseAddress, DatagramHooks hooks) {
        this.name = name;
        this.first = bound;
        this.concurrency = concurrency;
        this.maxDatagramSize = options.maxDatagramSize();
        this.receiveBufferSize = options.receiveBufferSize();
        this.reuseAddress = reuseAddress;
        this.hooks = hooks;
    }

    /** Opens the extra sockets and starts the readers; {@code ignored} is null for UDP. */
    @Override
    public void start(ServerSocketChannel ignored) throws IOException {
        executor = concurrency.executor().get();
        channels.add(first);
        try {
            SocketAddress address = first.getLocalAddress();
            if (concurrency.readers() > 1
                    && !first.getOption(java.net.StandardSocketOptions.SO_REUSEPORT)) {
                throw new IllegalStateException(concurrency.readers() + " UDP sockets need SO_REUSEPORT on"
                        + " the first, bound before the worker count was set: set it before binding");
            }
            for (int i = 1; i < concurrency.readers(); i++) {
                channels.add(DatagramSockets.bind(address, reuseAddress, true, receiveBufferSize));
            }
            for (DatagramChannel channel : channels) {
                readers.add(new DatagramReader(channel, this, gate, maxDatagramSize));
            }
            if (address instanceof InetSocketAddress inet) {
                int port = inet.getPort();
                hooks.statistics().setKernelDrops(() -> KernelDrops.forPort(port));
            }
        } catch (IOException | RuntimeException e) {
            readers.forEach(DatagramReader::stop);
            closeChannels();
            executor.shutdownNow();
            throw e;
        }
        for (int i = 0; i < readers.size(); i++) {
            threads.add(Thread.ofPlatform().name(name + "-udp-" + i).daemon(true).start(readers.get(i)));
        }
    }

    /** Called by a reader with a datagram in {@code buffer} (position 0, limit its length). */
    void received(DatagramChannel channel, SocketAddress sender, ByteBuffer buffer) {
        int length = buffer.remaining();
        hooks.statistics().received(length);
        if (length > maxDatagramSize) {
            hooks.statistics().countTruncated();
            hooks.handleError(sender, new DatagramTooLargeException(sender, maxDatagramSize));
            return;
        }
        boolean verified;
        try {
            verified = hooks.verify(sender);
        } catch (Exception e) {
            hooks.handleError(sender, e);
            verified = false;
        }
        if (!verified) {
            hooks.statistics().countRejected();
            return;
        }
        byte[] data = new byte[length];
        buffer.get(data);
        DatagramJob job = new DatagramJob(data, sender, channel, hooks, concurrency.children());
        if (concurrency.eventsOnReader() && hooks.handlerFactory() instanceof DatagramHandlerFactory.Event) {
            job.run();
        } else {
            submit(job);
        }
    }

    private void submit(DatagramJob job) {
        synchronized (idle) {
            inFlight++;
        }
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } finally {
                    done();
                }
            });
        } catch (RejectedExecutionException e) {
            done();
            hooks.statistics().countRejected();
            log.debug("{}: datagram from {} refused by the executor", name, job.sender());
        }
    }

    private void done() {
        synchronized (idle) {
            if (--inFlight == 0) {
                idle.notifyAll();
            }
        }
    }

    @Override
    public void setAccepting(boolean accepting) {
        gate.setOpen(accepting);
        readers.forEach(DatagramReader::wakeup);
    }

    @Override
    public boolean acceptOne(Duration timeout) throws InterruptedException {
        return gate.acceptOne(timeout, () -> readers.forEach(DatagramReader::wakeup));
    }

    @Override
    public void stopAccepting() {
        gate.close();
        readers.forEach(DatagramReader::wakeup);
    }

    /** Not used: datagrams are not connections. */
    @Override
    public void process(Connection connection) {
        throw new UnsupportedOperationException("a datagram engine has no connections");
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** Interrupts the handlers still running; datagrams have no connection to close. */
    @Override
    public void closeAll() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        readers.forEach(DatagramReader::stop);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        }
        closeChannels();
    }

    private void closeChannels() {
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {}", channel, e);
            }
        }
    }

    /** The sockets served: more than one on HybridServer. */
    public int sockets() {
        return channels.size();
    }
}
