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
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The load of {@code compare}: {@code connections} TCP connections, each a closed loop that
 * sends a request (or a batch of pipelined requests), waits until the server has sent every
 * response back (checking each) and sends the next at once. What a request is and how its
 * responses are read and checked is the connection's {@link Exchange}: echo (every byte back),
 * HTTP {@code GET /plaintext}, RESP {@code PING}/{@code SET}/{@code GET}. A few selector threads
 * drive them all, so a thousand connections cost a thousand sockets, not a thousand threads.
 *
 * <p>Given a rate, the load is an open loop instead (wrk2's method, {@link SendSchedule}): each
 * connection sends on a fixed schedule, its requests' latencies measured from their intended
 * send times; a connection waiting for its next send time waits in its selector's timeout.
 *
 * <p>Each connection sends its first request at the start, and sends no more until every
 * connection has had its first reply ({@link #holdUntilAllAnswered()}): a server that starts
 * something per connection (ForkingServer, a JVM) starts it for the last connections on a machine
 * not kept busy by the first ones, and the warm-up runs with all of them.
 *
 * <p>Use: {@link #open}, then as any {@link SelectorLoad}. A failure is a wrong or malformed
 * response, a response longer than its exchange's bound, bytes nobody asked for, an early end
 * of stream or an I/O error. Each response counts as a request, its latency measured from
 * writing the request (or the batch it was pipelined in; open loop: from its intended time) to
 * reading its last byte.
 */
public final class LoadGenerator extends SelectorLoad {

    private static final Duration DRAIN = Duration.ofSeconds(2);

    /** Requests a second over all connections; 0: closed loops. */
    private final double rate;
    private final int connections;

    private LoadGenerator(double rate, int connections) {
        super(DRAIN);
        this.rate = rate;
        this.connections = connections;
    }

    /**
     * Connects {@code connections} echo connections of {@code messageSize} random bytes each to
     * {@code target}, spread over {@code threads} selector threads (not started yet).
     *
     * @throws IOException if a connection fails or all do not connect within {@code timeout};
     *     those opened are closed
     */
    public static LoadGenerator open(InetSocketAddress target, int connections, int messageSize, int threads,
            Duration timeout) throws IOException {
        if (messageSize < 1) {
            throw new IllegalArgumentException("need connections >= threads >= 1 and messageSize >= 1");
        }
        return open(target, connections, EchoExchange.factory(messageSize), threads, 0, timeout);
    }

    /**
     * Connects {@code connections} connections to {@code target}, each speaking the exchange
     * {@code exchanges} makes for it, spread over {@code threads} selector threads (not started
     * yet); closed loops if {@code rate} is 0, else an open loop of {@code rate} requests a second
     * in all (a batch of pipelined requests counting as its requests).
     *
     * @throws IOException if a connection fails or all do not connect within {@code timeout};
     *     those opened are closed
     */
    static LoadGenerator open(InetSocketAddress target, int connections, Exchange.Factory exchanges, int threads,
            double rate, Duration timeout) throws IOException {
        if (connections < 1 || threads < 1 || threads > connections || !(rate >= 0)) {
            throw new IllegalArgumentException("need connections >= threads >= 1 and rate >= 0");
        }
        LoadGenerator generator = new LoadGenerator(rate, connections);
        generator.countFirstReplies(connections);
        generator.holdUntilAllAnswered();
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
                    loop.add(new Conn(channel, exchanges.create(i, random), i));
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

    /**
     * One selector thread and its connections: those with requests in flight, and (open loop)
     * those waiting for their next send time, soonest first.
     */
    private final class Loop extends SelectorLoop {
        final List<Conn> conns = new ArrayList<>();
        final PriorityQueue<Conn> waiting = new PriorityQueue<>(Comparator.comparingLong(conn -> conn.schedule.due()));
        /** Connections answered once, waiting for the others' first replies ({@link #holding()}). */
        final List<Conn> held = new ArrayList<>();
        int inFlight;
        boolean measuring;

        Loop() throws IOException {
            super(LoadGenerator.this);
        }

        void add(Conn conn) throws IOException {
            conns.add(conn);
            conn.key = conn.channel.register(selector, SelectionKey.OP_READ, conn);
        }

        @Override
        void serve() throws IOException {
            long start = System.nanoTime();
            for (Conn conn : conns) {
                conn.schedule = SendSchedule.of(rate, conn.index, connections, conn.exchange.responses(), start);
                offer(conn, start);
            }
            while ((phase != STOP || inFlight > 0) && !drained()) {
                long wait = waiting.isEmpty() ? 100 : waiting.peek().schedule.waitMillis(System.nanoTime());
                selector.select(this::ready, wait);
                long now = System.nanoTime();
                if (!held.isEmpty() && !holding()) {
                    for (Conn conn : held) {
                        offer(conn, now);
                    }
                    held.clear();
                }
                if (!measuring && phase != WARMUP) {
                    measuring = true;
                    if (rate > 0) {
                        restartSchedules(now);
                    }
                }
                while (phase != STOP && !waiting.isEmpty() && waiting.peek().schedule.sendable(now)) {
                    offer(waiting.poll(), now);
                }
            }
        }

        /**
         * Starts every connection's schedule afresh at {@code now}, once measuring starts: a backlog
         * of the warm-up (a server slow to start) is not carried into the measured window.
         */
        private void restartSchedules(long now) {
            List<Conn> waited = new ArrayList<>(waiting);
            waiting.clear();
            for (Conn conn : conns) {
                conn.schedule.restart(now);
            }
            waiting.addAll(waited);
        }

        /** Sends {@code conn}'s next request if its time has come, else puts it among the waiting. */
        private void offer(Conn conn, long now) throws IOException {
            if (conn.schedule.sendable(now)) {
                conn.send(now);
                inFlight++;
            } else {
                waiting.add(conn);
            }
        }

        private void ready(SelectionKey key) {
            Conn conn = (Conn) key.attachment();
            try {
                if (key.isWritable()) {
                    conn.flush();
                }
                if (!key.isReadable()) {
                    return;
                }
                int responses = conn.read();
                if (responses == 0) {
                    return;
                }
                if (!conn.answered) {
                    conn.answered = true;
                    firstReply();
                }
                long now = System.nanoTime();
                int p = phase;
                if (p == MEASURE) {
                    for (int i = 0; i < responses; i++) {
                        record(conn.schedule.latency(now));
                    }
                }
                if (conn.pending > 0) {
                    return;
                }
                inFlight--;
                if (p != STOP && holding()) {
                    held.add(conn);
                } else if (p != STOP) {
                    offer(conn, now);
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

    /**
     * A connection: its exchange, its index among the load's connections, the request being
     * written, what came back of its responses (at most the exchange's bound), how many are still
     * to come, and its send schedule.
     */
    private static final class Conn {
        final SocketChannel channel;
        final Exchange exchange;
        final int index;
        final ByteBuffer in;
        SelectionKey key;
        ByteBuffer out;
        int pending;
        SendSchedule schedule;
        boolean answered;

        Conn(SocketChannel channel, Exchange exchange, int index) {
            this.channel = channel;
            this.exchange = exchange;
            this.index = index;
            this.in = ByteBuffer.allocateDirect(exchange.maxResponseBytes());
        }

        void send(long now) throws IOException {
            schedule.sent(now);
            out = exchange.request();
            pending = exchange.responses();
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

        /** Reads what is there; returns how many responses it completed (each checked). */
        int read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server ended a connection (" + exchange.received(in.position())
                        + " of a response received)");
            }
            in.flip();
            int done = exchange.read(in, pending);
            pending -= done;
            if (pending == 0 && in.hasRemaining()) {
                throw new IOException("the server sent " + in.remaining() + " bytes more than the responses asked"
                        + " for: " + ReplyText.shown(in, in.position()));
            }
            in.compact();
            if (!in.hasRemaining()) {
                throw new IOException("a response is longer than " + in.capacity() + " bytes, the most this load"
                        + " generator reads of one: " + ReplyText.shown(in.flip(), 0));
            }
            return done;
        }
    }
}
