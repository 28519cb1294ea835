package org.socketserver4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A read timeout kept for a transport that has none: nothing lost, nothing read ahead. */
class TimedReaderTest {

    private static final Object END = new Object();

    /** A blocking transport fed by the test: bytes, an IOException, or {@link #END}. */
    private static final class Transport implements TimedReader.Source {
        final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicReference<Thread> lastReader = new AtomicReference<>();

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reads.incrementAndGet();
            lastReader.set(Thread.currentThread());
            Object next;
            try {
                next = arrivals.take();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (next == END) {
                return -1;
            }
            if (next instanceof IOException e) {
                throw e;
            }
            byte[] bytes = (byte[]) next;
            System.arraycopy(bytes, 0, b, off, bytes.length);
            return bytes.length;
        }

        void arrive(String text) {
            arrivals.add(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(TimedReader reader, int len) throws IOException {
        byte[] b = new byte[len];
        int n = reader.read(b, 0, len);
        return n < 0 ? null : new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void withoutATimeoutTheTransportIsReadOnTheCallersThread() throws Exception {
        Transport transport = new Transport();
        TimedReader reader = new TimedReader(transport);
        transport.arrive("abc");
        assertThat(read(reader, 10)).isEqualTo("abc");
        assertThat(transport.lastReader.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void aReadTimesOutNoSoonerThanTheTimeoutAndItsBytesGoToTheNextRead() throws Exception {
        Transport transport = new Transport();
        TimedReader reader = new TimedReader(transport);
        reader.setTimeout(Duration.ofMillis(100));
        long from = System.nanoTime();
        assertThatThrownBy(() -> read(reader, 10))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("read timed out after 100 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - from)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> read(reader, 10)).isInstanceOf(SocketTimeoutException.class);
        assertThat(transport.reads).as("one transport read in flight, not one per timeout").hasValue(1);
        transport.arrive("late");
        assertThat(read(reader, 10)).isEqualTo("late");
        assertThat(transport.lastReader.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void nothingIsReadAheadOfWhatACallerAsksAndSmallReadsDrainTheSlot() throws Exception {
        Transport transport = new Transport();
        TimedReader reader = new TimedReader(transport);
        reader.setTimeout(Duration.ofSeconds(10));
        transport.arrive("abcdef");
        assertThat(read(reader, 4)).isEqualTo("abcd");
        assertThat(read(reader, 4)).isEqualTo("ef");
        assertThat(transport.reads).as("the slot is drained before the next transport read").hasValue(1);
        transport.arrive("g");
        assertThat(read(reader, 4)).isEqualTo("g");
        assertThat(transport.reads).hasValue(2);
    }

    @Test
    void endOfStreamAndFailuresReachTheCaller() throws Exception {
        Transport transport = new Transport();
        TimedReader reader = new TimedReader(transport);
        reader.setTimeout(Duration.ofSeconds(10));
        transport.arrivals.add(END);
        assertThat(read(reader, 4)).isNull();
        assertThat(read(reader, 4)).as("and again").isNull();

        Transport failing = new Transport();
        TimedReader second = new TimedReader(failing);
        second.setTimeout(Duration.ofSeconds(10));
        failing.arrivals.add(new IOException("connection reset"));
        assertThatThrownBy(() -> read(second, 4)).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThatThrownBy(() -> read(second, 4)).hasMessage("connection reset");
    }

    @Test
    void stopWakesAWaitingCallerAndEndsTheThread() throws Exception {
        Transport transport = new Transport();
        TimedReader reader = new TimedReader(transport);
        reader.setTimeout(Duration.ofSeconds(30));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                read(reader, 4);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.lastReader.get() != null);
        Thread readerThread = transport.lastReader.get();
        reader.stop();
        transport.arrivals.add(new SocketException("closed")); // what closing the transport does
        caller.join(Duration.ofSeconds(10));
        assertThat(failure.get()).isInstanceOf(SocketException.class);
        readerThread.join(Duration.ofSeconds(10));
        assertThat(readerThread.isAlive()).isFalse();
    }

    @Test
    void afterStopACallerSeesTheConnectionClosedEvenIfTheTransportsReadFailedFirst() throws Exception {
        Transport transport = new Transport();
        TimedReader reader = new TimedReader(transport);
        reader.setTimeout(Duration.ofSeconds(30));
        transport.arrivals.add(new SocketException("closed")); // what closing the transport does
        assertThatThrownBy(() -> read(reader, 4)).isInstanceOf(IOException.class).hasMessage("closed");

        reader.stop();

        assertThatThrownBy(() -> read(reader, 4)).isInstanceOf(SocketException.class)
                .hasMessage("connection closed");
    }

    @Test
    void zeroOrNoTimeoutAfterwardsWaitsWithoutLimit() throws Exception {
        Transport transport = new Transport();
        TimedReader reader = new TimedReader(transport);
        reader.setTimeout(Duration.ofMillis(50));
        assertThatThrownBy(() -> read(reader, 4)).isInstanceOf(SocketTimeoutException.class);
        reader.setTimeout(null);
        AtomicReference<String> got = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                got.set(read(reader, 4));
            } catch (IOException e) {
                got.set(e.toString());
            }
        });
        transport.arrive("xy");
        caller.join(Duration.ofSeconds(10));
        assertThat(got.get()).isEqualTo("xy");
    }
}
