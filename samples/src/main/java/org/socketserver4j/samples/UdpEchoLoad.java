package org.socketserver4j.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load of {@code compare --workloads=udp-echo}: {@code senders} non-blocking UDP sockets,
 * each keeping a window of {@code window} datagrams outstanding. Every datagram carries a
 * sequence number in its first 8 bytes (the rest a fixed pattern); a reply is matched to its
 * request by that number and checked byte for byte, and the slot at once sends the next one.
 *
 * <p>A request unanswered after {@code lossTimeout} is lost: counted (if it was sent while
 * measuring), not resent; its slot sends a new request with a new number, and a late reply to
 * the old one is ignored. Use as any {@link SelectorLoad}.
 */
public final class UdpEchoLoad extends SelectorLoad {

    /** The smallest datagram: its sequence number. */
    public static final int MIN_MESSAGE_SIZE = Long.BYTES;
    /** The largest datagram over IPv4. */
    public static final int MAX_MESSAGE_SIZE = 65_507;

    private static final long SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int READS_PER_WAKEUP = 64;

    private final long lossTimeoutNanos;

    private UdpEchoLoad(Duration lossTimeout) {
        super(lossTimeout.plusSeconds(1));
        this.lossTimeoutNanos = lossTimeout.toNanos();
    }

    /**
     * Opens {@code senders} UDP sockets connected to {@code target}, spread over {@code threads}
     * selector threads (not started yet).
     *
     * @throws IOException if a socket cannot be opened; those opened are closed
     */
    public static UdpEchoLoad open(InetSocketAddress target, int senders, int window, int messageSize, int threads,
            Duration lossTimeout) throws IOException {
        if (senders < 1 || threads < 1 || threads > senders || window < 1
                || messageSize < MIN_MESSAGE_SIZE || messageSize > MAX_MESSAGE_SIZE || !lossTimeout.isPositive()) {
            throw new IllegalArgumentException("need senders >= threads >= 1, window >= 1, messageSize in "
                    + MIN_MESSAGE_SIZE + ".." + MAX_MESSAGE_SIZE + " and a positive loss timeout");
        }
        UdpEchoLoad load = new UdpEchoLoad(lossTimeout);
        try {
            List<Loop> loops = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Loop loop = load.new Loop();
                loops.add(loop);
                load.loops.add(loop);
            }
            StandardProtocolFamily family = target.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            for (int i = 0; i < senders; i++) {
                DatagramChannel channel = DatagramChannel.open(family);
                try {
                    channel.connect(target);
                    channel.configureBlocking(false);
                    loops.get(i % threads).add(new Sender(channel, window, messageSize));
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
            return load;
        } catch (IOException | RuntimeException | Error e) {
            load.close();
            throw e;
        }
    }

    /** One selector thread and its senders. */
    private final class Loop extends SelectorLoop {
        final List<Sender> senders = new ArrayList<>();

        Loop() throws IOException {
            super(UdpEchoLoad.this);
        }

        void add(Sender sender) throws IOException {
            senders.add(sender);
            sender.key = sender.channel.register(selector, SelectionKey.OP_READ, sender);
        }

        @Override
        void serve() throws IOException {
            long now = System.nanoTime();
            for (Sender sender : senders) {
                for (int slot = 0; slot < sender.window; slot++) {
                    sender.send(slot, now, phase == MEASURE);
                }
            }
            long lastScan = now;
            while (!drained() && (phase != STOP || outstanding() > 0)) {
                selector.select(this::ready, 10);
                now = System.nanoTime();
                if (now - lastScan >= SCAN_NANOS) {
                    lastScan = now;
                    for (Sender sender : senders) {
                        expire(sender, now);
                    }
                }
            }
        }

        private int outstanding() {
            int outstanding = 0;
            for (Sender sender : senders) {
                outstanding += sender.outstanding();
            }
            return outstanding;
        }

        private void ready(SelectionKey key) {
            Sender sender = (Sender) key.attachment();
            try {
                if (key.isWritable()) {
                    sender.flush(phase);
                }
                if (key.isReadable()) {
                    for (int i = 0; i < READS_PER_WAKEUP; i++) {
                        int slot = sender.receive();
                        if (slot == Sender.NONE) {
                            break;
                        }
                        if (slot == Sender.STALE) {
                            continue;
                        }
                        long now = System.nanoTime();
                        int p = phase;
                        if (p == MEASURE) {
                            record(now - sender.sentAt[slot]);
                        }
                        next(sender, slot, now, p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Counts the requests unanswered after the loss timeout as lost and replaces them. */
        private void expire(Sender sender, long now) throws IOException {
            int p = phase;
            for (int slot = 0; slot < sender.window; slot++) {
                if (sender.awaiting[slot] && now - sender.sentAt[slot] >= lossTimeoutNanos) {
                    sender.awaiting[slot] = false;
                    if (sender.sentMeasuring[slot]) {
                        lost++;
                    }
                    next(sender, slot, now, p);
                }
            }
        }

        /** After an answer or a loss: the slot's next request, unless stopping. */
        private void next(Sender sender, int slot, long now, int p) throws IOException {
            if (p != STOP) {
                sender.send(slot, now, p == MEASURE);
            }
        }

        @Override
        void closeChannels() {
            for (Sender sender : senders) {
                try {
                    sender.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** A UDP socket and its window: each slot's current sequence number, send time and state. */
    private static final class Sender {
        static final int NONE = -1;
        static final int STALE = -2;

        final DatagramChannel channel;
        final int window;
        final long[] sequence;
        final long[] sentAt;
        final boolean[] awaiting;
        final boolean[] sentMeasuring;
        final int[] unsent;
        final ByteBuffer out;
        final ByteBuffer expected;
        final ByteBuffer in;
        int unsentHead;
        int unsentCount;
        SelectionKey key;

        Sender(DatagramChannel channel, int window, int messageSize) {
            this.channel = channel;
            this.window = window;
            this.sequence = new long[window];
            for (int slot = 0; slot < window; slot++) {
                sequence[slot] = slot - window;
            }
            this.sentAt = new long[window];
            this.awaiting = new boolean[window];
            this.sentMeasuring = new boolean[window];
            this.unsent = new int[window];
            this.out = ByteBuffer.allocateDirect(messageSize);
            for (int i = MIN_MESSAGE_SIZE; i < messageSize; i++) {
                out.put(i, (byte) ('a' + i % 26));
            }
            this.expected = out.duplicate();
            this.in = ByteBuffer.allocateDirect(messageSize + 1);
        }

        /** Sends {@code slot}'s next request, or queues it until the socket takes it. */
        void send(int slot, long now, boolean measuring) throws IOException {
            sequence[slot] += window;
            if (unsentCount == 0 && write(slot, now, measuring)) {
                return;
            }
            unsent[(unsentHead + unsentCount++) % window] = slot;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        /** Sends the queued requests the socket takes now; drops them once stopping. */
        void flush(int phase) throws IOException {
            long now = System.nanoTime();
            if (phase == STOP) {
                unsentCount = 0;
            }
            while (unsentCount > 0) {
                int slot = unsent[unsentHead];
                if (!write(slot, now, phase == MEASURE)) {
                    return;
                }
                unsentHead = (unsentHead + 1) % window;
                unsentCount--;
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private boolean write(int slot, long now, boolean measuring) throws IOException {
            out.clear().putLong(0, sequence[slot]);
            if (channel.write(out) == 0) {
                return false;
            }
            sentAt[slot] = now;
            sentMeasuring[slot] = measuring;
            awaiting[slot] = true;
            return true;
        }

        /** Requests sent and awaiting their reply, or waiting to be sent. */
        int outstanding() {
            int outstanding = unsentCount;
            for (boolean a : awaiting) {
                outstanding += a ? 1 : 0;
            }
            return outstanding;
        }

        /**
         * Reads one reply: the slot it answers, {@link #STALE} for a reply to a request given up
         * on, {@link #NONE} when there is none to read.
         *
         * @throws IOException if it is not an echo of a request sent
         */
        int receive() throws IOException {
            in.clear();
            if (channel.read(in) == 0) {
                return NONE;
            }
            in.flip();
            if (in.remaining() != out.capacity()) {
                throw new IOException("the server answered a " + out.capacity() + "-byte datagram with "
                        + (in.remaining() > out.capacity() ? "a longer one" : in.remaining() + " bytes"));
            }
            long seq = in.getLong(0);
            if (!in.slice(MIN_MESSAGE_SIZE, in.remaining() - MIN_MESSAGE_SIZE)
                    .equals(expected.slice(MIN_MESSAGE_SIZE, expected.capacity() - MIN_MESSAGE_SIZE))) {
                throw new IOException("the server sent back other bytes than it was sent");
            }
            int slot = (int) Math.floorMod(seq, (long) window);
            if (seq < 0 || sequence[slot] != seq || !awaiting[slot]) {
                return STALE;
            }
            awaiting[slot] = false;
            return slot;
        }
    }
}
