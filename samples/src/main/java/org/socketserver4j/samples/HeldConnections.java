package org.socketserver4j.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The client side of the {@code held} workload: many idle connections to one server. They are
 * opened in batches of {@link #BATCH}: a batch connects (a refused connect is retried, a
 * bounded number of times), then each of its connections sends one {@value #MESSAGE_SIZE}-byte
 * message and reads the echo back, checked byte for byte, before the next batch connects, so the
 * server has accepted one batch before the next arrives and the listen backlog is never
 * overrun. Then they stay open and silent until {@link #close()}; {@link #echoAll()} checks
 * that every one still echoes. Blocking sockets, one file descriptor each and no thread.
 */
public final class HeldConnections implements AutoCloseable {

    /** Connections opened at a time. */
    static final int BATCH = 100;
    /** Bytes of the one round trip each connection makes. */
    static final int MESSAGE_SIZE = 64;
    /** Attempts to connect one connection when the server refuses it. */
    static final int CONNECT_ATTEMPTS = 5;
    /** Descriptors kept free for everything else this JVM has open. */
    static final int SPARE_DESCRIPTORS = 256;

    private final InetSocketAddress target;
    private final List<Socket> sockets = new ArrayList<>();
    private final Duration timeout;

    private HeldConnections(InetSocketAddress target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    /**
     * Opens {@code count} connections to {@code target}, each after one echo round trip.
     *
     * @param timeout for all of it, and the longest wait for one reply
     * @throws IOException if this JVM may not open that many descriptors, or a connection fails,
     *     echoes wrong bytes or the whole does not finish within {@code timeout}; those opened are
     *     closed by then
     */
    public static HeldConnections open(InetSocketAddress target, int count, Duration timeout)
            throws IOException, InterruptedException {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " < 1");
        }
        OptionalLong limit = openFilesLimit();
        if (limit.isPresent() && limit.getAsLong() < (long) count + SPARE_DESCRIPTORS) {
            throw new IOException("this JVM may open " + limit.getAsLong() + " files (ulimit -n; the JDK raises"
                    + " the soft limit to the hard one, ulimit -Hn), " + count + " held connections need "
                    + (count + SPARE_DESCRIPTORS) + ": raise the limit or lower --held");
        }
        HeldConnections held = new HeldConnections(target, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int first = 0; first < count; first += BATCH) {
                int end = Math.min(count, first + BATCH);
                for (int i = first; i < end; i++) {
                    held.sockets.add(held.connect(deadline));
                }
                held.echo(first, end, deadline);
            }
            return held;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            held.close();
            throw e;
        }
    }

    /** How many are open. */
    public int size() {
        return sockets.size();
    }

    /**
     * One more round trip on every connection, batch by batch.
     *
     * @return how many did not echo (closed by the server, or wrong bytes, or no reply in time)
     */
    public int echoAll() throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int failed = 0;
        for (int first = 0; first < sockets.size(); first += BATCH) {
            int end = Math.min(sockets.size(), first + BATCH);
            for (int i = first; i < end; i++) {
                try {
                    echo(i, i + 1, deadline);
                } catch (IOException e) {
                    failed++;
                }
            }
        }
        return failed;
    }

    /** Closes every connection. */
    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        sockets.clear();
    }

    private Socket connect(long deadline) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(target, remainingMillis(deadline));
                socket.setSoTimeout(remainingMillis(deadline));
                return socket;
            } catch (ConnectException e) {
                socket.close();
                if (attempt >= CONNECT_ATTEMPTS) {
                    throw new IOException("connection " + (sockets.size() + 1) + " refused " + attempt
                            + " times: " + e.getMessage(), e);
                }
                Thread.sleep(50L * attempt); // a back-off between attempts, not a wait for a condition
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    /** Sends each of connections {@code [from, to)} its message, then reads and checks every reply. */
    private void echo(int from, int to, long deadline) throws IOException {
        for (int i = from; i < to; i++) {
            OutputStream out = sockets.get(i).getOutputStream();
            out.write(message(i));
            out.flush();
        }
        for (int i = from; i < to; i++) {
            Socket socket = sockets.get(i);
            socket.setSoTimeout(remainingMillis(deadline));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(MESSAGE_SIZE);
            if (reply.length < MESSAGE_SIZE) {
                throw new IOException("the server ended held connection " + (i + 1) + " (" + reply.length
                        + " of " + MESSAGE_SIZE + " bytes of its echo received)");
            }
            if (!Arrays.equals(reply, message(i))) {
                throw new IOException("the server sent back other bytes than it was sent");
            }
        }
    }

    /** Connection {@code i}'s message: its number, repeated. */
    private static byte[] message(int i) {
        ByteBuffer message = ByteBuffer.allocate(MESSAGE_SIZE);
        while (message.hasRemaining()) {
            message.putInt(i);
        }
        return message.array();
    }

    private int remainingMillis(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new IOException("opened " + sockets.size() + " held connections, then ran out of time ("
                    + DurationConverter.format(timeout) + ")");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    /** This process's limit of open files ({@code /proc/self/limits}, the soft one), if the OS tells. */
    static OptionalLong openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }
}
