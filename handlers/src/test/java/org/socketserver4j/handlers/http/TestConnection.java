package org.socketserver4j.handlers.http;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.Server;

/**
 * A connection that drives an event handler as a reactor does, on the test's thread: it
 * records what is written, models an outbound buffer that the "client" empties with
 * {@link #clientReads()}, and reports writability changes to the handler from inside
 * {@code write}, as the reactor does. Input is fed from one reused array that is scribbled
 * over after each call, so a handler keeping the server's buffer would be caught.
 */
final class TestConnection implements Connection {

    private final EventHandler handler;
    private final long high;
    private final long low;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final byte[] readBuffer = new byte[64 * 1024];
    private long queued;
    private long mostQueued;
    private boolean reportedWritable = true;
    private boolean readingPaused;
    private boolean outputShut;
    private boolean open = true;
    private int closes;
    private final java.util.ArrayDeque<byte[]> unread = new java.util.ArrayDeque<>();
    private int unreadOffset;
    private boolean ended;
    private boolean endDelivered;

    /** A connection that is always writable. */
    TestConnection(EventHandler handler) {
        this(handler, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** A connection not writable above {@code high} queued bytes, writable again below {@code low}. */
    TestConnection(EventHandler handler, long high, long low) {
        this.handler = handler;
        this.high = high;
        this.low = low;
        call(() -> handler.onOpen(this));
    }

    /**
     * The client sends {@code bytes}: they are delivered in reads of at most 64 KiB while
     * reading is not paused; the rest waits until reading resumes and the client reads (as a
     * reactor reads again only on its next turn). Returns whether all were delivered.
     */
    boolean feed(byte[] bytes) {
        if (bytes.length > 0) {
            unread.add(bytes);
        }
        pump();
        return unread.isEmpty();
    }

    /** The client sends {@code text} in ISO-8859-1. */
    boolean feed(String text) {
        return feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The client ends its stream, after what it sent is delivered. */
    void feedEnd() {
        ended = true;
        pump();
    }

    /** The client reads everything queued: the buffer drains, writability comes back, reading goes on. */
    void clientReads() {
        queued = 0;
        reportWritability();
        pump();
    }

    private void pump() {
        while (open && !readingPaused && !unread.isEmpty()) {
            byte[] next = unread.peek();
            int n = Math.min(readBuffer.length, next.length - unreadOffset);
            System.arraycopy(next, unreadOffset, readBuffer, 0, n);
            unreadOffset += n;
            if (unreadOffset == next.length) {
                unread.poll();
                unreadOffset = 0;
            }
            ByteBuffer data = ByteBuffer.wrap(readBuffer, 0, n);
            call(() -> handler.onData(this, data));
            Arrays.fill(readBuffer, 0, n, (byte) '#');
        }
        if (ended && !endDelivered && open && unread.isEmpty()) {
            endDelivered = true;
            call(() -> handler.onInputClosed(this));
        }
    }

    /** Everything written so far. */
    byte[] output() {
        return written.toByteArray();
    }

    /** Everything written so far, as ISO-8859-1 text. */
    String outputText() {
        return written.toString(StandardCharsets.ISO_8859_1);
    }

    /** The most bytes that were ever queued and unread. */
    long mostQueued() {
        return mostQueued;
    }

    boolean readingPaused() {
        return readingPaused;
    }

    boolean outputShut() {
        return outputShut;
    }

    int closes() {
        return closes;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public Server server() {
        throw new UnsupportedOperationException("no server in this test");
    }

    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        byte[] copy = new byte[n];
        data.get(copy);
        if (!open || outputShut) {
            return;
        }
        written.writeBytes(copy);
        queued += n;
        mostQueued = Math.max(mostQueued, queued);
        reportWritability();
    }

    @Override
    public boolean isWritable() {
        return open && (reportedWritable ? queued <= high : queued < low);
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
    }

    @Override
    public void close() {
        closes++;
        if (open) {
            open = false;
            call(() -> handler.onClose(this));
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private void reportWritability() {
        boolean now = isWritable();
        if (now != reportedWritable && open) {
            reportedWritable = now;
            call(() -> handler.onWritabilityChanged(this, now));
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void call(Call call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("the handler threw", e);
        }
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public org.socketserver4j.core.handler.Scheduled schedule(Runnable task, java.time.Duration delay) {
        return () -> false;
    }
}
