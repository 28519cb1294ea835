package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.Leaks;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/**
 * After close, a server leaves no thread and no descriptor behind, even with clients open. Each
 * case serves once before it counts: the JDK opens some descriptors for good the first time a
 * kind of I/O is done (the virtual-thread pollers' epoll instances, a selector provider's
 * pipes), and those are the JVM's, not the server's.
 */
class ResourceReleaseTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return ConformanceTest.everyServerAndFamily();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void closeReleasesThreadsAndDescriptors(ServerKind kind, Family family) throws Exception {
        serveAndClose(kind, family, false);
        serveAndClose(kind, family, true);
    }

    /** Serves a few clients, closes the server, checks its threads (and the descriptors) are gone. */
    private static void serveAndClose(ServerKind kind, Family family, boolean countDescriptors) throws Exception {
        long descriptorsBefore = Leaks.openDescriptors();
        BaseServer server = kind.create(family.lineHandler(), true);
        server.setGracePeriod(Duration.ofMillis(200));
        String prefix = server.getClass().getSimpleName() + "-";
        List<LineClient> clients = new ArrayList<>();
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < kind.scale(10); i++) {
                LineClient client = new LineClient(running.address());
                assertThat(client.call("c" + i)).isEqualTo("c" + i);
                clients.add(client);
            }
            assertThat(Leaks.threadsNamed(prefix)).isPositive();
        }
        for (LineClient client : clients) {
            assertThat(client.atEndOfStream()).isTrue();
            client.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.threadsNamed(prefix) == 0);
        if (countDescriptors) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.openDescriptors() <= descriptorsBefore);
        }
        assertThat(server.statistics().active()).isZero();
    }
}
