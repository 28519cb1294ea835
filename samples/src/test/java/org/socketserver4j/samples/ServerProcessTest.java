package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Child processes: how their address is read, how failures read, and that none is left. */
class ServerProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * The shell sometimes has SIGTERM blocked at the moment it arrives (around an exec), and the
     * child then outlives it: shell children get a short wait before they are killed.
     */
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);

    @AfterEach
    void noChildLeft() {
        ServerProcess.closeAll();
        assertThat(ServerProcess.live()).isZero();
        await().pollDelay(Duration.ZERO).atMost(WAIT).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty());
    }

    @Test
    void readsTheAddressAndOnCloseEndsTheChildAndWhatItStarted() throws Exception {
        ServerProcess child = ServerProcess.start(
                List.of("sh", "-c", "sleep 60 & echo 'listening on 127.0.0.1:7'; exec sleep 61"), WAIT, STOP_WAIT);

        assertThat(child.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 7));
        assertThat(child.isAlive()).isTrue();
        assertThat(child.cpuTime()).isPresent();
        assertThat(ProcessHandle.current().descendants().count()).isEqualTo(2);

        child.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        child.close(); // idempotent
    }

    @Test
    void aChildThatIgnoresSigtermIsKilled() throws Exception {
        ServerProcess child = ServerProcess.start(List.of("sh", "-c",
                "trap '' TERM; sleep 60 & echo 'listening on 127.0.0.1:7'; exec sleep 61"),
                WAIT, Duration.ofMillis(300));
        long start = System.nanoTime();

        child.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
                .isLessThan(WAIT);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    @Test
    void readsBracketedIpv6Addresses() throws Exception {
        try (ServerProcess child = ServerProcess.start(
                List.of("sh", "-c", "echo 'listening on [::1]:8000'; exec sleep 60"), WAIT, STOP_WAIT)) {
            assertThat(child.address()).isEqualTo(new InetSocketAddress("::1", 8000));
        }
    }

    @Test
    void aChildThatExitsFirstIsAnErrorWithTheEndOfItsStderr() {
        assertThatThrownBy(() -> ServerProcess.start(List.of("sh", "-c", "echo one >&2; echo two >&2; exit 3"), WAIT))
                .isInstanceOf(IOException.class)
                .hasMessage("the server exited with 3 before printing 'listening on'; its stderr ends: one | two");
    }

    @Test
    void aChildThatDoesNotListenInTimeIsEnded() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> ServerProcess.start(List.of("sleep", "60"), Duration.ofMillis(300)))
                .isInstanceOf(IOException.class)
                .hasMessage("no 'listening on' line within 300ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
    }

    @Test
    void closeAllEndsEveryChild() throws Exception {
        ServerProcess one = ServerProcess.start(
                List.of("sh", "-c", "echo 'listening on 127.0.0.1:1'; exec sleep 60"), WAIT, STOP_WAIT);
        ServerProcess two = ServerProcess.start(
                List.of("sh", "-c", "echo 'listening on 127.0.0.1:2'; exec sleep 60"), WAIT, STOP_WAIT);
        assertThat(ServerProcess.live()).isEqualTo(2);

        ServerProcess.closeAll();

        assertThat(one.isAlive()).isFalse();
        assertThat(two.isAlive()).isFalse();
        assertThat(ServerProcess.live()).isZero();
    }
}
