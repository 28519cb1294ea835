package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.ServerKind;

/** docs/CONFORMANCE.md P16: the listen backlog is the OS maximum unless set, as `ss` reports it. */
class BacklogTest {

    @ParameterizedTest(name = "P16 {0}")
    @EnumSource(ServerKind.class)
    void defaultBacklogIsSomaxconnAndASetOneIsKept(ServerKind kind) throws Exception {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        assumeTrue(Files.isReadable(somaxconn), "needs Linux /proc");
        int max = Integer.parseInt(Files.readAllLines(somaxconn).get(0).trim());
        try (BaseServer server = kind.create(Family.EVENT.lineHandler(), true)) {
            assertThat(listenBacklog(server)).isEqualTo(max);
        }
        BaseServer custom = kind.create(Family.EVENT.lineHandler(), false);
        custom.setRequestQueueSize(7);
        custom.serverBind();
        try (custom) {
            assertThat(listenBacklog(custom)).isEqualTo(7);
        }
    }

    /** The backlog of the listening socket: the Send-Q column of {@code ss -ltn}. */
    private static int listenBacklog(BaseServer server) throws IOException, InterruptedException {
        int port = ((InetSocketAddress) server.serverAddress()).getPort();
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String[] columns = out.split("\\s+");
        assertThat(columns).as("ss output: " + out).hasSizeGreaterThan(3);
        return Integer.parseInt(columns[2]);
    }
}
