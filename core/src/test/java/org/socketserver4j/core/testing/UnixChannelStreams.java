package org.socketserver4j.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Blocking streams with a read timeout over a connected channel that has no socket adaptor (a
 * Unix-domain one): the channel is non-blocking and a selector of its own waits for it. For one
 * client thread at a time, as {@link LineClient} uses it.
 */
final class UnixChannelStreams implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private volatile long readTimeoutMillis;

    UnixChannelStreams(SocketChannel channel, Duration readTimeout) throws IOException {
        this.channel = channel;
        this.readTimeoutMillis = readTimeout.toMillis();
        channel.configureBlocking(false);
        selector = Selector.open();
        key = channel.register(selector, 0);
    }

    SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    void setReadTimeout(Duration timeout) {
        readTimeoutMillis = timeout.toMillis();
    }

    /** Waits for {@code op}; false when the timeout (0: none) passed first. */
    private boolean await(int op, long timeoutMillis) throws IOException {
        key.interestOps(op);
        selector.selectedKeys().clear();
        int ready = timeoutMillis > 0 ? selector.select(timeoutMillis) : selector.select();
        key.interestOps(0);
        return ready > 0;
    }

    final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer into = ByteBuffer.wrap(b, off, len);
            while (true) {
                int n = channel.read(into);
                if (n != 0) {
                    return n;
                }
                if (!await(SelectionKey.OP_READ, readTimeoutMillis)) {
                    throw new SocketTimeoutException("read timed out");
                }
            }
        }
    };

    final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer from = ByteBuffer.wrap(b, off, len);
            while (from.hasRemaining()) {
                if (channel.write(from) == 0) {
                    await(SelectionKey.OP_WRITE, 0);
                }
            }
        }
    };

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
