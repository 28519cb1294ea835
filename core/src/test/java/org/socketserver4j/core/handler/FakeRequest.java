package org.socketserver4j.core.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/** An in-memory request for handler unit tests. */
final class FakeRequest implements Request {
    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    FakeRequest() {
        this(new byte[0]);
    }

    FakeRequest(byte[] input) {
        in = new ByteArrayInputStream(input);
    }

    @Override
    public InputStream inputStream() {
        return in;
    }

    @Override
    public OutputStream outputStream() {
        return out;
    }

    @Override
    public void setReadTimeout(Duration timeout) {}

    @Override
    public void setNoDelay(boolean on) {}

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public Server server() {
        return null;
    }

    @Override
    public void write(ByteBuffer data) {
        while (data.hasRemaining()) {
            out.write(data.get());
        }
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void pauseReading() {}

    @Override
    public void resumeReading() {}

    @Override
    public void shutdownOutput() {}

    @Override
    public void close() {}

    @Override
    public boolean isOpen() {
        return true;
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
