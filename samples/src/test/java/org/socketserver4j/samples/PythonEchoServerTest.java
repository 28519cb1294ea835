package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed's Python selectors echo loop, run as compare runs it (skipped without python3). */
class PythonEchoServerTest {

    private static final Duration START = Duration.ofSeconds(30);

    private final Closer cleanup = new Closer();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.closeAll();
        assertThat(ServerProcess.live()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = SelectorChoice.class, names = {"EPOLL", "POLL"})
    void echoesOnTheSelectorAskedForAndSaysWhichInItsLog(SelectorChoice selector) throws Exception {
        Path python = PythonEchoServer.interpreter().orElse(null);
        assumeTrue(python != null, "no python3 on PATH");
        ServerProcess server = cleanup.add(ServerProcess.start(PythonEchoServer.command(python, selector), START));

        assertThat(selector.mismatch(server.log())).as(server.log()).isNull();
        assertThat(SelectorChoice.values()).filteredOn(other -> other != selector && other != SelectorChoice.NONE)
                .allSatisfy(other -> assertThat(other.mismatch(server.log())).startsWith("asked for "
                        + other.label() + " (" + other.providerClass() + "), but it runs on " + selector.pythonSelector()));
        byte[] big = "x".repeat(4 << 20).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = cleanup.add(new Socket(server.address().getAddress(), server.address().getPort()))) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
            // More than the socket buffers hold, written from another thread while this one reads:
            // the server must keep what the socket did not take and send it later.
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    out.write(big);
                } catch (java.io.IOException e) {
                    // the read below fails then
                }
            });
            assertThat(in.readNBytes(big.length)).isEqualTo(big);
            writer.join();
        }
        LoadGenerator load = cleanup.add(LoadGenerator.open(server.address(), 4, 64, 1, START));
        load.start();
        load.startMeasuring();
        load.awaitUnlessFailed(Duration.ofMillis(200));
        load.stopMeasuring();
        assertThat(load.awaitResult().requests()).isPositive();
    }

    @org.junit.jupiter.api.Test
    void aServerOnAnotherSelectorThanAskedIsCaught() {
        String log = "12:00:00.000 INFO  [main] ServeCommand - selector: sun.nio.ch.EPollSelectorProvider\n";

        assertThat(SelectorChoice.EPOLL.mismatch(log)).isNull();
        assertThat(SelectorChoice.POLL.mismatch(log)).isEqualTo("asked for poll (sun.nio.ch.PollSelectorProvider),"
                + " but it runs on sun.nio.ch.EPollSelectorProvider");
        assertThat(SelectorChoice.POLL.mismatch("nothing")).endsWith("but it did not say which selector it runs on");
        assertThat(SelectorChoice.NONE.mismatch("nothing")).isNull();
    }
}
