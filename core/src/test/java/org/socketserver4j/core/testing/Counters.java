package org.socketserver4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.stats.ServerStatistics;

/** Checks that a server's connection counters add up: nothing counted twice, nothing lost. */
public final class Counters {

    private Counters() {}

    /**
     * Waits (at most 10 s) until no connection is active, then checks that every accepted
     * connection was counted once, as rejected or closed. For use once the test's clients
     * are gone or the server is closed.
     */
    public static ServerStatistics.Connections assertBalanced(BaseServer server) {
        return assertBalanced(server, 0);
    }

    /**
     * Waits (at most 10 s) until exactly {@code open} connections are active, checking on
     * every look that the counters add up and none is negative, and that active never drops
     * below {@code open} (a connection counted twice would).
     *
     * @return the balanced counts
     */
    public static ServerStatistics.Connections assertBalanced(BaseServer server, long open) {
        ServerStatistics.Connections[] last = new ServerStatistics.Connections[1];
        // Only the counters are judged here: an Error rethrown on a handler's thread (as
        // designed) is not this check's business.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            ServerStatistics.Connections n = server.statistics().connections();
            last[0] = n;
            assertThat(n.accepted()).as("accepted = rejected + closed + active: %s", n)
                    .isEqualTo(n.rejected() + n.closed() + n.active());
            assertThat(n.rejected()).as("rejected: %s", n).isNotNegative();
            assertThat(n.closed()).as("closed: %s", n).isNotNegative();
            assertThat(n.active()).as("active, never below the connections open: %s", n)
                    .isGreaterThanOrEqualTo(open);
            assertThat(n.active()).as("active: %s", n).isEqualTo(open);
        });
        // Settled: a late double count would now show as active below open.
        ServerStatistics.Connections settled = server.statistics().connections();
        assertThat(settled.active()).as("active after settling: %s", settled).isEqualTo(open);
        assertThat(server.statistics().active()).isEqualTo(open);
        return last[0];
    }
}
