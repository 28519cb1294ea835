package org.socketserver4j.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of the {@code chat-flood} workload, against a server running
 * {@code ChatHandler}: member C joins (reads its welcome) and never reads again, member B joins and reads everything,
 * member A joins and sends {@code lines} lines of {@value #LINE_SIZE} bytes as fast as the
 * server takes them. It finds out whether B got every line of A's (in order) and how long that
 * took, whether A stalled (one write blocked for {@link #STALL} or more, or A could not send
 * everything in time), and whether the server disconnected C, all within a time limit, after
 * which every connection is closed and the result says what had happened by then.
 */
public final class ChatFlood {

    /** Bytes of one line of A's, its line end not counted. */
    static final int LINE_SIZE = 1000;
    /** A write of A's that blocks this long counts as a stall. */
    static final Duration STALL = Duration.ofSeconds(1);
    /** How long C's connection is read at the end, once silent, for the server's end of it (but under --quick). */
    static final Duration C_CHECK = Duration.ofSeconds(2);
    /** The most of C's backlog read at the end. */
    static final long C_READ_LIMIT = 256L << 20;

    private ChatFlood() {}

    /**
     * What happened in one flood.
     *
     * @param lines lines A was to send
     * @param sent lines A sent (handed to the kernel) within the time limit
     * @param longestWriteMillis the longest one write of A's blocked
     * @param received of A's lines, how many B got within the time limit
     * @param inOrder whether B got them in the order sent, none missing in between
     * @param bEnded whether B's connection ended (the server closed or reset it) before B got them all
     * @param bToldTooSlow whether B was sent the server's {@code ! disconnected} line (B read as fast as it
     *     could, but the room found it too slow)
     * @param receiveMillis from A's first line to B's last one of A's (or to the time limit)
     * @param cDisconnected whether the server ended C's connection by the end
     * @param cTold whether C's connection ended with the server's {@code ! disconnected} line
     * @param cBacklogBytes bytes waiting for C at the end (what C had not read), up to a limit
     */
    public record Result(int lines, int sent, long longestWriteMillis, int received, boolean inOrder,
            boolean bEnded, boolean bToldTooSlow, long receiveMillis, boolean cDisconnected, boolean cTold,
            long cBacklogBytes) {

        /** Whether A stalled: did not send everything, or one of its writes blocked a second or more. */
        public boolean aStalled() {
            return sent < lines || longestWriteMillis >= STALL.toMillis();
        }

        /** Whether B got every line, in order. */
        public boolean bGotAll() {
            return received == lines && inOrder;
        }

        /** Whether the server did all a chat server should here: B got all, A never stalled, C was disconnected. */
        public boolean ok() {
            return bGotAll() && !aStalled() && cDisconnected;
        }
    }

    /**
     * Floods the chat server at {@code target} once.
     *
     * @throws IOException if a member cannot connect or join (the flood itself never throws:
     *     what went wrong in it is in the result)
     */
    public static Result run(InetSocketAddress target, int lines, Duration timeLimit)
            throws IOException, InterruptedException {
        return run(target, lines, timeLimit, C_CHECK);
    }

    /**
     * Floods the chat server at {@code target} once; at the end C's connection is read until it
     * ends or stays silent for {@code cSilence}.
     *
     * @throws IOException if a member cannot connect or join (the flood itself never throws:
     *     what went wrong in it is in the result)
     */
    public static Result run(InetSocketAddress target, int lines, Duration timeLimit, Duration cSilence)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        List<Socket> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            Socket c = new Socket();
            sockets.add(c);
            join(target, "C", c, deadline);
            Socket b = new Socket();
            sockets.add(b);
            BufferedReader bIn = join(target, "B", b, deadline);
            Socket a = new Socket();
            sockets.add(a);
            BufferedReader aIn = join(target, "A", a, deadline);
            AtomicLong firstSent = new AtomicLong();
            Receiver receiver = new Receiver(bIn, lines);
            threads.add(Thread.ofPlatform().daemon().name("chat-flood-B").start(receiver));
            threads.add(Thread.ofPlatform().daemon().name("chat-flood-A-reader").start(() -> drain(aIn)));
            Sender sender = new Sender(a, lines, firstSent);
            Thread senderThread = Thread.ofPlatform().daemon().name("chat-flood-A").start(sender);
            threads.add(senderThread);
            Thread receiverThread = threads.getFirst();
            receiverThread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            senderThread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            // What happened by the time limit; reading C's backlog below may unblock a server
            // that waits for C, so nothing after it counts.
            int received = receiver.received;
            boolean inOrder = receiver.inOrder;
            boolean bEnded = receiver.ended;
            boolean bTold = receiver.told;
            long lastAt = receiver.lastAt;
            int sent = sender.sent;
            long longestWrite = sender.longestWriteNanos;
            if (senderThread.isAlive() && sent < lines) {
                // still blocked in a write: that write has lasted since it began
                longestWrite = Math.max(longestWrite, System.nanoTime() - sender.writeStartedAt);
            }
            long receiveNanos = lastAt - firstSent.get();
            CBacklog backlog = readToEnd(c, cSilence);
            return new Result(lines, sent, TimeUnit.NANOSECONDS.toMillis(longestWrite), received, inOrder, bEnded,
                    bTold,
                    firstSent.get() == 0 || lastAt == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(receiveNanos),
                    backlog.ended(), backlog.told(), backlog.bytes());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Connects {@code socket}, sends {@code nickname} and reads up to the server's welcome (the
     * room's members are then the ones that joined before, this one included); the reader of
     * what follows.
     */
    private static BufferedReader join(InetSocketAddress target, String nickname, Socket socket, long deadline)
            throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(target, remainingMillis(deadline));
        socket.setSoTimeout(remainingMillis(deadline));
        socket.getOutputStream().write((nickname + "\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("* welcome, " + nickname + ";")) {
                    socket.setSoTimeout(0);
                    return in;
                }
            }
            throw new IOException("the server ended " + nickname + "'s connection before welcoming it");
        } catch (SocketTimeoutException e) {
            throw new IOException(nickname + " was not welcomed to the chat in time", e);
        }
    }

    private static int remainingMillis(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new IOException("out of time before the flood began");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    /** Line {@code seq} of A's: its number, then padding, {@link #LINE_SIZE} bytes and CRLF. */
    static byte[] line(int seq) {
        byte[] line = new byte[LINE_SIZE + 2];
        byte[] number = String.format("%07d ", seq).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(number, 0, line, 0, number.length);
        for (int i = number.length; i < LINE_SIZE; i++) {
            line[i] = (byte) ('a' + i % 26);
        }
        line[LINE_SIZE] = '\r';
        line[LINE_SIZE + 1] = '\n';
        return line;
    }

    private static void drain(BufferedReader in) {
        try {
            char[] buffer = new char[8192];
            while (in.read(buffer) >= 0) {
                // A reads what it is sent (notices), so that A is never the slow one
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** A: writes every line, one write each, timing each. */
    private static final class Sender implements Runnable {
        final Socket socket;
        final int lines;
        final AtomicLong firstSent;
        volatile int sent;
        volatile long longestWriteNanos;
        volatile long writeStartedAt;

        Sender(Socket socket, int lines, AtomicLong firstSent) {
            this.socket = socket;
            this.lines = lines;
            this.firstSent = firstSent;
        }

        @Override
        public void run() {
            try {
                OutputStream out = socket.getOutputStream();
                firstSent.set(System.nanoTime());
                for (int seq = 0; seq < lines; seq++) {
                    byte[] line = line(seq);
                    long start = System.nanoTime();
                    writeStartedAt = start;
                    out.write(line);
                    longestWriteNanos = Math.max(longestWriteNanos, System.nanoTime() - start);
                    sent = seq + 1;
                }
            } catch (IOException e) {
                // closed at the time limit, or by the server: sent says how far it got
            }
        }
    }

    /** B: reads every line, counts A's and checks their order. */
    private static final class Receiver implements Runnable {
        final BufferedReader in;
        final int lines;
        volatile int received;
        volatile boolean inOrder = true;
        volatile long lastAt;
        volatile boolean ended;
        volatile boolean told;

        Receiver(BufferedReader in, int lines) {
            this.in = in;
            this.lines = lines;
        }

        @Override
        public void run() {
            try {
                String line;
                while (received < lines && (line = in.readLine()) != null) {
                    if (line.startsWith("! disconnected")) {
                        told = true;
                    } else if (line.startsWith("<A> ")) {
                        int seq = Integer.parseInt(line.substring(4, 11));
                        if (seq != received) {
                            inOrder = false;
                        }
                        received++;
                        lastAt = System.nanoTime();
                    }
                }
                ended = received < lines;
            } catch (IOException | RuntimeException e) {
                ended = true; // by the server; a close here at the time limit comes after the result is taken
            }
        }
    }

    /** What was waiting for C, and whether its connection had ended. */
    private record CBacklog(long bytes, boolean ended, boolean told) {}

    /** Reads C's connection until it ends or stays silent for {@code silence}. */
    private static CBacklog readToEnd(Socket c, Duration silence) {
        byte[] buffer = new byte[1 << 16];
        byte[] tail = new byte[256];
        int tailLength = 0;
        long bytes = 0;
        boolean ended = false;
        try {
            c.setSoTimeout((int) Math.max(1, silence.toMillis()));
            InputStream in = c.getInputStream();
            while (bytes < C_READ_LIMIT) {
                int n = in.read(buffer);
                if (n < 0) {
                    ended = true;
                    break;
                }
                bytes += n;
                int keep = Math.min(n, tail.length);
                int shift = Math.min(tailLength, tail.length - keep);
                System.arraycopy(tail, tailLength - shift, tail, 0, shift);
                System.arraycopy(buffer, n - keep, tail, shift, keep);
                tailLength = shift + keep;
            }
        } catch (SocketTimeoutException e) {
            // silent: still connected
        } catch (IOException e) {
            ended = true; // reset by the server
        }
        String end = new String(tail, 0, tailLength, StandardCharsets.UTF_8);
        return new CBacklog(bytes, ended, ended && end.contains("! disconnected"));
    }
}
