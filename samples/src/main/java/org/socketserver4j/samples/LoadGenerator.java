package org.socketserver4j.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The load of {@code compare}: {@code connections} TCP connections, each a closed loop that
 * sends a fixed message, waits until the server has sent all of it back (checking the bytes),
 * and sends it again at once. A few selector threads drive them all, so a thousand connections
 * cost a thousand sockets, not a thousand threads.
 *
 * <p>Use: {@link #open}, then as any {@link SelectorLoad}. A failure is a wrong byte, an early
 * end of stream or an I/O error.
 */
public final class LoadGenerator extends SelectorLoad {

    private static final Duration DRAIN = Duration.ofSeconds(2);

    private LoadGenerator() {
        super(DRAIN);
    }

    /**
     * Connects {@code connections} connections to {@code target}, spread over {@code threads}
     * selector threads (not started yet).
     *
     * @throws IOException if a connection fails or all do not connect within {@code timeout};
     *     those opened are closed
     */
    public static LoadGenerator open(InetSocketAddress target, int connections, int messageSize, int threads,
            Duration timeout) throws IOException {
        if (connections < 1 || messageSize < 1 || threads < 1 || threads > connections) {
            throw new IllegalArgumentException("need connections >= threads >= 1 and messageSize >= 1");
        }
        LoadGenerator generator = new LoadGenerator();
        try {
            List<Loop> loops = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Loop loop = generator.new Loop();
                loops.add(loop);
                generator.loops.add(loop);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            SplittableRandom random = new SplittableRandom(862);
            for (int i = 0; i < connections; i++) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException("connected " + i + " of " + connections + " connections in "
                            + DurationConverter.format(timeout) + ", no more");
                }
                SocketChannel channel = SocketChannel.open();
                Loop loop = loops.get(i % threads);
                try {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.socket().connect(target, (int) Math.min(left, Integer.MAX_VALUE));
                    channel.configureBlocking(false);
                    byte[] message = new byte[messageSize];
                    random.nextBytes(message);
                    loop.add(new Conn(channel, message));
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
            return generator;
        } catch (IOException | RuntimeException | Error e) {
            generator.close();
            throw e;
        }
    }

    /** One selector thread and its connections. */
    private final class Loop extends SelectorLoop {
        final List<Conn> conns = new ArrayList<>();
        int inFlight;

        Loop() throws IOException {
            super(LoadGenerator.this);
        }

        void add(Conn conn) throws IOException {
            conns.add(conn);
            conn.key = conn.channel.register(selector, SelectionKey.OP_READ, conn);
        }

        @Override
        void serve() throws IOException {
            long now = System.nanoTime();
            for (Conn conn : conns) {
                conn.send(now);
            }
            inFlight = conns.size();
            while (inFlight > 0 && !drained()) {
                selector.select(this::ready, 100);
            }
        }

        private void ready(SelectionKey key) {
            Conn conn = (Conn) key.attachment();
            try {
                if (key.isWritable()) {
                    conn.flush();
                }
                if (key.isReadable() && conn.read()) {
                    long now = System.nanoTime();
                    int p = phase;
                    if (p == MEASURE) {
                        record(now - conn.sentAt);
                    }
                    if (p == STOP) {
                        inFlight--;
                    } else {
                        conn.send(now);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void closeChannels() {
            for (Conn conn : conns) {
                try {
                    conn.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** A connection: its message, what came back of it, and when it was sent. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer expected;
        final ByteBuffer in;
        SelectionKey key;
        long sentAt;

        Conn(SocketChannel channel, byte[] message) {
            this.channel = channel;
            this.out = ByteBuffer.allocateDirect(message.length).put(message).flip();
            this.expected = out.asReadOnlyBuffer();
            this.in = ByteBuffer.allocateDirect(message.length);
        }

        void send(long now) throws IOException {
            sentAt = now;
            out.clear();
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            channel.write(out);
            if (!out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        /** Reads what is there; true once the whole message is back (and checked). */
        boolean read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server ended a connection (" + in.position() + " of "
                        + in.capacity() + " bytes of a response received)");
            }
            if (in.hasRemaining()) {
                return false;
            }
            in.flip();
            if (!in.equals(expected)) {
                throw new IOException("the server sent back other bytes than it was sent");
            }
            in.clear();
            return true;
        }
    }
}
