package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RESP (the Redis protocol): each connection cycles {@code PING}, {@code SET key value},
 * {@code GET key}, one command in flight, on a key of its own with a value that changes at every
 * {@code SET}. Each reply must be exactly the one expected: {@code +PONG}, {@code +OK}, the bulk
 * string just set.
 */
final class RespExchange implements Exchange {

    /** A reply, at most. */
    static final int MAX_RESPONSE_BYTES = 4 * 1024;

    private static final byte[] PING = command("PING");
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String key;
    private final String prefix;
    private final ByteBuffer get;
    private ByteBuffer out = ByteBuffer.allocate(0);
    private int step;
    private long version;
    private String asked;
    private byte[] expected;

    private RespExchange(String key, String prefix) {
        this.key = key;
        this.prefix = prefix;
        this.get = ByteBuffer.wrap(command("GET", key));
    }

    /** A key per connection, unique to this load (so that two loads of one server do not meet). */
    static Exchange.Factory factory() {
        String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        return (index, random) -> new RespExchange("socketserver4j:load:" + run + ":" + index, index + ":");
    }

    /** A command: an array of bulk strings. */
    static byte[] command(String... words) {
        StringBuilder text = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            text.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                    .append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ByteBuffer request() {
        String value = prefix + version;
        switch (step) {
            case 0 -> {
                out = ByteBuffer.wrap(PING);
                asked = "PING";
                expected = PONG;
            }
            case 1 -> {
                version++;
                value = prefix + version;
                out = ByteBuffer.wrap(command("SET", key, value));
                asked = "SET " + key + " " + value;
                expected = OK;
            }
            default -> {
                out = get.clear();
                asked = "GET " + key;
                expected = ("$" + value.length() + "\r\n" + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
            }
        }
        step = (step + 1) % 3;
        return out;
    }

    @Override
    public int responses() {
        return 1;
    }

    @Override
    public int read(ByteBuffer in, int wanted) throws IOException {
        if (wanted < 1) {
            return 0;
        }
        int start = in.position();
        if (!ReplyText.startsAs(in, start, expected)) {
            throw new IOException("expected " + ReplyText.shown(expected) + " in answer to " + asked + ", got "
                    + ReplyText.shown(in, start, expected.length));
        }
        if (in.remaining() < expected.length) {
            return 0;
        }
        in.position(start + expected.length);
        return 1;
    }

    @Override
    public int maxResponseBytes() {
        return MAX_RESPONSE_BYTES;
    }
}
