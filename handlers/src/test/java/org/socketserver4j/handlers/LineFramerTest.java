package org.socketserver4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line framing is the same however the bytes are split, and bounded. */
class LineFramerTest {

    private static final byte[] INPUT = "alpha\r\nbeta\n\nγάμμα\r\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void everySplitGivesTheSameLines() {
        for (int cut = 0; cut <= INPUT.length; cut++) {
            for (int cut2 = cut; cut2 <= INPUT.length; cut2++) {
                LineFramer framer = new LineFramer(64);
                List<String> lines = new ArrayList<>();
                assertThat(framer.feed(ByteBuffer.wrap(INPUT, 0, cut), lines::add)).isTrue();
                assertThat(framer.feed(ByteBuffer.wrap(INPUT, cut, cut2 - cut), lines::add)).isTrue();
                assertThat(framer.feed(ByteBuffer.wrap(INPUT, cut2, INPUT.length - cut2), lines::add)).isTrue();
                assertThat(lines).as("cut at %d and %d", cut, cut2).containsExactly("alpha", "beta", "", "γάμμα");
                assertThat(framer.buffered()).isZero();
            }
        }
    }

    @Test
    void aLineOverTheLimitStopsFramingWithoutBufferingIt() {
        LineFramer framer = new LineFramer(8);
        List<String> lines = new ArrayList<>();
        assertThat(framer.feed(ByteBuffer.wrap("1234567\n".getBytes()), lines::add)).isTrue();
        assertThat(framer.feed(ByteBuffer.wrap("12345".getBytes()), lines::add)).isTrue();
        assertThat(framer.feed(ByteBuffer.wrap("6789".getBytes()), lines::add)).isFalse();
        assertThat(lines).containsExactly("1234567");
        assertThat(framer.buffered()).isZero();
    }
}
