package org.socketserver4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;

/** The shared fake connection models what handler tests rely on. */
class FakeConnectionTest {

    /**
     * Records every callback it gets, by name, marking those delivered inside {@code onData};
     * echoes what it reads, then runs {@link #onData}.
     */
    private static final class Recorder implements EventHandler {
        final List<String> events = new ArrayList<>();
        boolean inCallback;
        Runnable onData = () -> { };

        private void enter(String event) {
            events.add(inCallback ? event + " (inside onData)" : event);
        }

        @Override
        public void onOpen(Connection connection) {
            events.add("open");
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            events.add("data " + StandardCharsets.ISO_8859_1.decode(data.duplicate()));
            inCallback = true;
            try {
                connection.write(data);
                onData.run();
            } finally {
                inCallback = false;
            }
        }

        @Override
        public void onInputClosed(Connection connection) {
            events.add("end");
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) {
            enter("writable " + writable);
        }

        @Override
        public void onClose(Connection connection) {
            enter("close");
        }
    }

    @Test
    void writabilityFollowsTheWatermarksAndIsReportedOnEachChange() {
        Recorder recorder = new Recorder();
        FakeConnection connection = new FakeConnection(8, 4).drive(recorder);
        connection.feed("0123456789");
        assertThat(connection.isWritable()).isFalse();
        connection.clientReads(5);
        assertThat(connection.isWritable()).as("5 queued: not below the low watermark").isFalse();
        connection.clientReads(2);
        assertThat(connection.isWritable()).isTrue();
        assertThat(connection.mostQueued()).isEqualTo(10);
        assertThat(connection.queued()).isEqualTo(3);
        connection.setWatermarks(2, 1);
        assertThat(connection.isWritable()).isFalse();
        assertThat(recorder.events).containsExactly("open", "data 0123456789",
                "writable false", "writable true", "writable false");
    }

    @Test
    void aSingleWatermarkHasNoHysteresis() {
        FakeConnection connection = new FakeConnection(4);
        connection.write("12345".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(connection.isWritable()).isFalse();
        connection.clientReads(1);
        assertThat(connection.isWritable()).isTrue();
    }

    @Test
    void afterCallbackDeliveryWaitsForTheCallbackThatCausedIt() {
        Recorder recorder = new Recorder();
        FakeConnection connection = new FakeConnection(2, 1);
        recorder.onData = () -> recorder.events.add("onData returns");
        connection.drive(recorder);
        connection.feed("abc");
        assertThat(recorder.events).containsExactly("open", "data abc", "onData returns", "writable false");
    }

    @Test
    void aCloseFromInsideACallbackIsReportedAfterItAndEndsOtherNotifications() {
        Recorder recorder = new Recorder();
        FakeConnection connection = new FakeConnection(2, 1);
        recorder.onData = connection::close;
        connection.drive(recorder);
        connection.feed("abc");
        assertThat(recorder.events).containsExactly("open", "data abc", "close");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void tasksRunAfterTheCallbackAndScheduledOnesWhenTheTestSays() {
        Recorder recorder = new Recorder();
        FakeConnection connection = new FakeConnection();
        recorder.onData = () -> {
            connection.execute(() -> recorder.events.add("task"));
            connection.schedule(() -> recorder.events.add("timer"), java.time.Duration.ofSeconds(9));
            connection.schedule(() -> recorder.events.add("cancelled"), java.time.Duration.ofSeconds(9))
                    .cancel();
            recorder.events.add("onData returns");
        };
        connection.drive(recorder);
        connection.feed("x");
        assertThat(recorder.events).containsExactly("open", "data x", "onData returns", "task");
        connection.runScheduled();
        assertThat(recorder.events).endsWith("task", "timer");
    }

    @Test
    void pausedReadingHoldsInputInReadsOfAtMost64KiBFromAScribbledBuffer() {
        List<ByteBuffer> kept = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        FakeConnection connection = new FakeConnection().drive((c, data) -> {
            sizes.add(data.remaining());
            kept.add(data);
            data.position(data.limit());
        });
        assertThat(connection.feed(new byte[FakeConnection.READ_SIZE + 1])).isTrue();
        assertThat(sizes).containsExactly(FakeConnection.READ_SIZE, 1);
        assertThat(kept.get(0).get(0)).as("the read buffer is scribbled over after the call").isEqualTo((byte) '#');
        connection.pauseReading();
        assertThat(connection.feed("held")).isFalse();
        connection.feedEnd();
        connection.resumeReading();
        connection.clientReads();
        assertThat(sizes).containsExactly(FakeConnection.READ_SIZE, 1, 4);
        assertThat(connection.pauses()).isOne();
        assertThat(connection.resumes()).isOne();
    }

    @Test
    void closeIsIdempotentAndDropsLaterWrites() {
        Recorder recorder = new Recorder();
        List<String> listened = new ArrayList<>();
        FakeConnection connection = new FakeConnection().drive(recorder).whenClosed(() -> listened.add("closed"));
        connection.write("a".getBytes(StandardCharsets.ISO_8859_1));
        connection.shutdownOutput();
        connection.write("b".getBytes(StandardCharsets.ISO_8859_1));
        connection.close();
        connection.close();
        connection.write("c".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(connection.outputText()).isEqualTo("a");
        assertThat(connection.writes()).isOne();
        assertThat(connection.closes()).isEqualTo(2);
        assertThat(recorder.events).containsExactly("open", "close");
        assertThat(listened).containsExactly("closed");
    }

    @Test
    void asARequestItReadsWhatWasFedAndWritesThroughTheConnection() throws IOException {
        FakeConnection request = new FakeConnection();
        request.feed("line\n");
        InputStream in = request.inputStream();
        assertThat(in.readNBytes(5)).isEqualTo("line\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        request.feedEnd();
        assertThat(in.read()).isEqualTo(-1);
        request.outputStream().write("reply".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(request.outputText()).isEqualTo("reply");
        request.close();
        assertThatThrownBy(() -> request.outputStream().write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(request::server).isInstanceOf(UnsupportedOperationException.class);
    }
}
