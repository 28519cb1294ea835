package org.socketserver4j.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load of {@code compare}'s {@code churn} workload: a new connection per request. Each of
 * {@code clients} clients loops: connect, send one message, read the echo back (checked byte for
 * byte), close, and at once again. A request's latency runs from the start of its connect to the
 * last byte of its verified reply; a completed request is a connection served. A refused or
 * failed connect, a reset, an early end of stream or a wrong byte fails the load, saying which.
 * A few selector threads drive all the clients (non-blocking connects). Each client's first reply
 * counts for {@link #awaitFirstReplies}.
 *
 * <p>Use: {@link #open}, then as any {@link SelectorLoad}.
 */
public final class ChurnLoad extends SelectorLoad {

    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final InetSocketAddress target;

    private ChurnLoad(InetSocketAddress target) {
        super(DRAIN);
        this.target = target;
    }

    /**
     * Prepares {@code clients} clients of {@code messageSize}-byte requests to {@code target},
     * spread over {@code threads} selector threads; nothing connects before {@link #start()}.
     *
     * @throws IOException if a selector cannot be opened
     */
    public static ChurnLoad open(InetSocketAddress target, int clients, int messageSize, int threads)
            throws IOException {
        if (clients < 1 || messageSize < 1 || threads < 1 || threads > clients) {
            throw new IllegalArgumentException("need clients >= threads >= 1 and messageSize >= 1");
        }
        ChurnLoad load = new ChurnLoad(target);
        load.countFirstReplies(clients);
        try {
            List<Loop> loops = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Loop loop = load.new Loop();
                loops.add(loop);
                load.loops.add(loop);
            }
            SplittableRandom random = new SplittableRandom(1807);
            for (int i = 0; i < clients; i++) {
                byte[] message = new byte[messageSize];
                random.nextBytes(message);
                loops.get(i % threads).clients.add(new Client(message));
            }
            return load;
        } catch (IOException | RuntimeException | Error e) {
            load.close();
            throw e;
        }
    }

    /** One selector thread and its clients. */
    private final class Loop extends SelectorLoop {
        final List<Client> clients = new ArrayList<>();
        int active;

        Loop() throws IOException {
            super(ChurnLoad.this);
        }

        @Override
        void serve() throws IOException {
            for (Client client : clients) {
                client.connect(selector, target, System.nanoTime());
            }
            active = clients.size();
            while (active > 0 && !drained()) {
                selector.select(this::ready, 100);
            }
        }

        private void ready(SelectionKey key) {
            Client client = (Client) key.attachment();
            try {
                if (key.isConnectable()) {
                    client.finishConnect();
                }
                if (key.isValid() && key.isWritable()) {
                    client.flush();
                }
                if (key.isValid() && key.isReadable() && client.read()) {
                    client.closeConnection();
                    if (!client.answered) {
                        client.answered = true;
                        firstReply();
                    }
                    long now = System.nanoTime();
                    int p = phase;
                    if (p == MEASURE) {
                        record(now - client.startedAt);
                    }
                    if (p == STOP) {
                        active--;
                    } else {
                        client.connect(selector, target, now);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void closeChannels() {
            for (Client client : clients) {
                client.closeConnection();
            }
        }
    }

    /** A client: its message, what came back of it, and its connection of the moment. */
    private static final class Client {
        final ByteBuffer out;
        final ByteBuffer expected;
        final ByteBuffer in;
        SocketChannel channel;
        SelectionKey key;
        long startedAt;
        long connections;
        boolean answered;

        Client(byte[] message) {
            this.out = ByteBuffer.allocateDirect(message.length).put(message).flip();
            this.expected = out.asReadOnlyBuffer();
            this.in = ByteBuffer.allocateDirect(message.length);
        }

        /** Starts a new connection (the request's clock starts here); sends once it is connected. */
        void connect(Selector selector, InetSocketAddress target, long now) throws IOException {
            startedAt = now;
            connections++;
            channel = SocketChannel.open();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
                if (channel.connect(target)) {
                    connected();
                }
            } catch (IOException e) {
                throw failure("could not connect", e);
            }
        }

        void finishConnect() throws IOException {
            try {
                if (channel.finishConnect()) {
                    connected();
                }
            } catch (IOException e) {
                throw failure("could not connect", e);
            }
        }

        private void connected() throws IOException {
            out.clear();
            in.clear();
            key.interestOps(SelectionKey.OP_READ);
            flush();
        }

        void flush() throws IOException {
            try {
                channel.write(out);
            } catch (IOException e) {
                throw failure("could not send its request", e);
            }
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what is there; true once the whole reply is back (and checked). */
        boolean read() throws IOException {
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                throw failure("broke while its reply came", e);
            }
            if (n < 0) {
                throw new IOException("the server ended a new connection before its reply (" + in.position()
                        + " of " + in.capacity() + " bytes received)");
            }
            if (in.hasRemaining()) {
                return false;
            }
            in.flip();
            if (!in.equals(expected)) {
                throw new IOException("the server sent back other bytes than it was sent");
            }
            return true;
        }

        /** Closes the connection of the moment, if any (a normal close: FIN, not reset). */
        void closeConnection() {
            if (channel == null) {
                return;
            }
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            channel = null;
        }

        private IOException failure(String what, IOException e) {
            String hint = e instanceof SocketException && String.valueOf(e.getMessage()).contains("assign")
                    ? " (out of local ports: too many connections in TIME_WAIT)" : "";
            return new IOException(String.format(java.util.Locale.ROOT, "a new connection (its client's"
                    + " number %,d) %s: %s%s", connections, what, e.getMessage(), hint), e);
        }
    }
}
