package org.socketserver4j.core.datagram;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Live datagram counters of a server (all zero on a stream server). */
public final class DatagramStatistics {

    private final LongAdder received = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder replyDrops = new LongAdder();
    private volatile LongSupplier kernelDrops = () -> -1;

    /** Counts a datagram received, of {@code bytes} (as received: at most the maximum + 1). */
    public void received(int bytes) {
        received.increment();
        bytesIn.add(bytes);
    }

    /** Counts a reply sent. */
    public void replied(int bytes) {
        replies.increment();
        bytesOut.add(bytes);
    }

    /** Counts a datagram larger than the maximum, dropped. */
    public void countTruncated() {
        truncated.increment();
    }

    /** Counts a datagram refused by {@code verifyRequest} or a full executor. */
    public void countRejected() {
        rejected.increment();
    }

    /** Counts a reply the socket's send buffer could not take. */
    public void replyDropped() {
        replyDrops.increment();
    }

    /** Where {@link #kernelDrops()} reads from; set by the engine. */
    public void setKernelDrops(LongSupplier source) {
        kernelDrops = source;
    }

    /** Datagrams received, truncated ones included. */
    public long received() {
        return received.sum();
    }

    /** Bytes received. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Replies sent. */
    public long replies() {
        return replies.sum();
    }

    /** Bytes sent in replies. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Datagrams larger than the maximum datagram size: detected, reported, dropped. */
    public long truncated() {
        return truncated.sum();
    }

    /** Datagrams refused by {@code verifyRequest} or a full executor. */
    public long rejected() {
        return rejected.sum();
    }

    /** Replies dropped because the socket's send buffer was full. */
    public long replyDrops() {
        return replyDrops.sum();
    }

    /**
     * Datagrams the kernel dropped on this server's sockets because their receive buffer was
     * full: the {@code drops} column of {@code /proc/net/udp}; -1 where the kernel does not
     * say (not Linux, or not serving).
     */
    public long kernelDrops() {
        return kernelDrops.getAsLong();
    }

    @Override
    public String toString() {
        return "datagrams[received=" + received() + ", replies=" + replies() + ", truncated="
                + truncated() + ", rejected=" + rejected() + ", replyDrops=" + replyDrops()
                + ", kernelDrops=" + kernelDrops() + "]";
    }
}
