package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Echo: a message of random bytes, sent again and again; a response is the same bytes back,
 * checked byte for byte once all of them came.
 */
final class EchoExchange implements Exchange {

    private final ByteBuffer out;
    private final ByteBuffer expected;

    private EchoExchange(byte[] message) {
        this.out = ByteBuffer.allocateDirect(message.length).put(message).flip();
        this.expected = out.asReadOnlyBuffer();
    }

    /** Echo of {@code messageSize} random bytes per connection. */
    static Exchange.Factory factory(int messageSize) {
        if (messageSize < 1) {
            throw new IllegalArgumentException("messageSize must be positive: " + messageSize);
        }
        return (index, random) -> {
            byte[] message = new byte[messageSize];
            random.nextBytes(message);
            return new EchoExchange(message);
        };
    }

    @Override
    public ByteBuffer request() {
        return out.clear();
    }

    @Override
    public int responses() {
        return 1;
    }

    @Override
    public int read(ByteBuffer in, int wanted) throws IOException {
        int size = expected.capacity();
        if (wanted < 1 || in.remaining() < size) {
            return 0;
        }
        ByteBuffer response = in.slice(in.position(), size);
        if (!response.equals(expected.clear())) {
            throw new IOException("the server sent back other bytes than it was sent");
        }
        in.position(in.position() + size);
        return 1;
    }

    @Override
    public int maxResponseBytes() {
        return expected.capacity();
    }

    @Override
    public String received(int bytes) {
        return bytes + " of " + expected.capacity() + " bytes";
    }
}
