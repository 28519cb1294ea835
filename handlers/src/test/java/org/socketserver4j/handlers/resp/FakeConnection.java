package org.socketserver4j.handlers.resp;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.Server;

/**
 * A connection for driving a handler directly: it records what is written, and models an
 * outbound buffer the "client" empties with {@link #clientReads()}: not writable above
 * {@code high} queued bytes, as a reactor connection is above its high watermark.
 */
final class FakeConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final long high;
    private long queued;
    private long mostQueued;
    private int writes;
    private boolean readingPaused;
    private int pauses;
    private int resumes;
    private boolean open = true;

    /** A connection that is always writable. */
    FakeConnection() {
        this(Long.MAX_VALUE);
    }

    /** A connection not writable while more than {@code high} bytes are queued. */
    FakeConnection(long high) {
        this.high = high;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 6379);
    }

    @Override
    public Server server() {
        throw new UnsupportedOperationException("no server in this test");
    }

    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        if (!open) {
            data.position(data.limit());
            return;
        }
        byte[] copy = new byte[n];
        data.get(copy);
        written.writeBytes(copy);
        writes++;
        queued += n;
        mostQueued = Math.max(mostQueued, queued);
    }

    @Override
    public boolean isWritable() {
        return open && queued <= high;
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
        pauses++;
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
        resumes++;
    }

    @Override
    public void shutdownOutput() {}

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** The client reads everything queued: the connection is writable again. */
    void clientReads() {
        queued = 0;
    }

    /** Everything written so far, as ISO-8859-1 text. */
    String output() {
        return Resp.text(written.toByteArray());
    }

    /** Everything written so far. */
    byte[] outputBytes() {
        return written.toByteArray();
    }

    /** How many write calls were made. */
    int writes() {
        return writes;
    }

    /** The most bytes ever queued and unread at once. */
    long mostQueued() {
        return mostQueued;
    }

    /** Whether reading is paused now. */
    boolean readingPaused() {
        return readingPaused;
    }

    /** How many times reading was paused. */
    int pauses() {
        return pauses;
    }

    /** How many times reading was resumed. */
    int resumes() {
        return resumes;
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
