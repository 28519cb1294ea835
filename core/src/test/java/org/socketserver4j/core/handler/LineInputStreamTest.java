package org.socketserver4j.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** rfile reads lines like Python's readline and like BufferedReader. */
class LineInputStreamTest {

    private static LineInputStream of(String text, int maxLine) {
        return new LineInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 4, maxLine);
    }

    @Test
    void readLineBytesKeepsTheTerminatorLikePython() throws Exception {
        LineInputStream in = of("one\ntwo\r\nthree", 100);
        assertThat(new String(in.readLineBytes(), StandardCharsets.UTF_8)).isEqualTo("one\n");
        assertThat(new String(in.readLineBytes(), StandardCharsets.UTF_8)).isEqualTo("two\r\n");
        assertThat(new String(in.readLineBytes(), StandardCharsets.UTF_8)).isEqualTo("three");
        assertThat(in.readLineBytes()).isEmpty();
    }

    @Test
    void readLineStripsTheTerminatorAndReturnsNullAtTheEnd() throws Exception {
        LineInputStream in = of("héllo\r\nworld\n\n", 100);
        assertThat(in.readLine()).isEqualTo("héllo");
        assertThat(in.readLine()).isEqualTo("world");
        assertThat(in.readLine()).isEmpty();
        assertThat(in.readLine()).isNull();
    }

    @Test
    void linesLongerThanTheBufferAndExactlyAtTheLimitAreRead() throws Exception {
        LineInputStream in = of("abcdefghij\nxyz\n", 11);
        assertThat(in.readLine()).isEqualTo("abcdefghij");
        assertThat(new String(in.readLineBytes(), StandardCharsets.UTF_8)).isEqualTo("xyz\n");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void mixesWithPlainReads() throws Exception {
        LineInputStream in = of("head\nrest", 100);
        assertThat(in.readLine()).isEqualTo("head");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rest");
    }

    @Test
    void anOverlongLineIsRefusedWithAClearError() {
        LineInputStream in = of("0123456789\n", 5);
        assertThatThrownBy(in::readLine)
                .isInstanceOf(LineInputStream.LineTooLongException.class)
                .hasMessage("line longer than 5 bytes");
    }

    @Test
    void theBufferGrowsWhileReadsFillItAndShrinksBackWhenTheyStop() throws Exception {
        java.io.PipedOutputStream out = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipe = new java.io.PipedInputStream(out, 64 * 1024);
        LineInputStream in = new LineInputStream(pipe, 8192, 64 * 1024);
        assertThat(in.bufferSize()).isEqualTo(LineInputStream.INITIAL_BUFFER);
        byte[] big = ("x".repeat(20_000) + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(big);
        assertThat(in.readLine()).hasSize(20_000);
        assertThat(in.bufferSize()).isEqualTo(8192);
        for (int i = 0; i < 8; i++) {
            out.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("line " + i);
        }
        assertThat(in.bufferSize()).isEqualTo(LineInputStream.INITIAL_BUFFER);
    }

    @Test
    void messagesOfOneSizeKeepABufferThatHoldsOneWholeInsteadOfShrinkingAroundEach() throws Exception {
        int message = 16 * 1024;
        int[] reads = {0};
        java.io.InputStream source = new java.io.InputStream() {
            private int left;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reads[0]++;
                if (left == 0) {
                    left = message; // the next message has arrived whole
                }
                int n = Math.min(len, left);
                left -= n;
                return n;
            }
        };
        LineInputStream in = new LineInputStream(source, 64 * 1024, 64 * 1024);
        for (int i = 0; i < 20; i++) {
            in.read1(64 * 1024); // grows while reads fill it
        }
        int settled = in.bufferSize();
        int readsBefore = reads[0];
        for (int i = 0; i < 100; i++) {
            assertThat(in.read1(64 * 1024)).hasSize(message);
            assertThat(in.bufferSize()).isEqualTo(settled);
        }
        assertThat(reads[0] - readsBefore).as("one read per message").isEqualTo(100);
        assertThat(settled).isBetween(message * 2, message * 4);
    }

    @Test
    void read1ReturnsWhatOneReadBringsAndAnEmptyArrayAtTheEnd() throws Exception {
        LineInputStream in = of("abcdef", 100);
        assertThat(new String(in.read1(3), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(new String(in.read1(100), StandardCharsets.UTF_8)).isEqualTo("d");
        assertThat(new String(in.read1(100), StandardCharsets.UTF_8)).isEqualTo("ef");
        assertThat(in.read1(100)).isEmpty();
    }

    /** A chunk source over fixed arrays, handed over whole. */
    private static final class Chunks extends ByteArrayInputStream implements ChunkSource {
        private final java.util.ArrayDeque<byte[]> chunks = new java.util.ArrayDeque<>();

        Chunks(String... parts) {
            super(new byte[0]);
            for (String part : parts) {
                chunks.add(part.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public byte[] readChunk(int max) {
            byte[] head = chunks.poll();
            return head == null ? new byte[0] : head;
        }
    }

    @Test
    void read1FromAChunkSourceHandsTheChunksOverAndMakesNoBuffer() throws Exception {
        LineInputStream in = new LineInputStream(new Chunks("ab", "cde"), 8192, 100);
        assertThat(new String(in.read1(100), StandardCharsets.UTF_8)).isEqualTo("ab");
        assertThat(new String(in.read1(100), StandardCharsets.UTF_8)).isEqualTo("cde");
        assertThat(in.read1(100)).isEmpty();
        assertThat(in.holdsBuffer()).isFalse();
    }

    @Test
    void theBufferIsMadeByTheFirstReadThatNeedsIt() throws Exception {
        LineInputStream in = of("ab\n", 100);
        assertThat(in.holdsBuffer()).isFalse();
        assertThat(in.readLine()).isEqualTo("ab");
        assertThat(in.holdsBuffer()).isTrue();
    }

    @Test
    void aReadTimeoutWithinALineLosesNoneOfIt() throws Exception {
        // "abcdefghij" arrives in reads of 4 bytes (the buffer), then the read times out
        java.util.Deque<Object> reads = new java.util.ArrayDeque<>(java.util.List.of(
                "abcd", "efgh", "ij", new java.net.SocketTimeoutException("read timed out"), "kl\n", "next", "\n"));
        java.io.InputStream source = new java.io.InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                Object next = reads.poll();
                if (next == null) {
                    return -1;
                }
                if (next instanceof java.io.IOException e) {
                    throw e;
                }
                byte[] bytes = ((String) next).getBytes(StandardCharsets.UTF_8);
                assertThat(bytes.length).isLessThanOrEqualTo(len);
                System.arraycopy(bytes, 0, b, off, bytes.length);
                return bytes.length;
            }
        };
        LineInputStream in = new LineInputStream(source, 4, 100);
        assertThatThrownBy(in::readLine).isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(in.readLine()).isEqualTo("abcdefghijkl");
        assertThat(in.readLine()).isEqualTo("next");
        assertThat(in.readLine()).isNull();
    }
}
