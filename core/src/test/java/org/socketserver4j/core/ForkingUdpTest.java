package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.testing.DatagramKinds;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.UdpClient;
import org.socketserver4j.core.testing.UdpPid;

/** ForkingServer over UDP: a child per datagram, failures reported, no child left. */
class ForkingUdpTest {

    private static long childrenOfThisJvm() {
        return ProcessHandle.current().descendants().count();
    }

    @Test
    void eachDatagramIsServedByAChildOfItsOwnAndAFailureReachesHandleError() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        BaseServer server = DatagramKinds.unbound(ServerKind.FORKING, DatagramHandlerFactory.of(UdpPid.class),
                (client, e) -> errors.add(e));
        DatagramKinds.bind(server);
        try (RunningServer running = RunningServer.start(server);
                UdpClient client = new UdpClient(running.address())) {
            client.setTimeoutMillis(30_000);
            Set<String> pids = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                pids.add(client.call("pid?"));
            }
            assertThat(pids).hasSize(3).doesNotContain(Long.toString(ProcessHandle.current().pid()));
            client.send("fail".getBytes());
            await().atMost(Duration.ofSeconds(30)).until(() -> errors.size() == 1);
            assertThat(errors.get(0)).hasMessageContaining("exited with status 1");
            assertThat(server.statistics().datagrams().replies()).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> childrenOfThisJvm() == 0);
    }

    @Test
    void refusesAHandlerAChildCannotMakeByName() {
        assertThatThrownBy(() -> new ForkingServer(new java.net.InetSocketAddress("127.0.0.1", 0),
                DatagramHandlerFactory.event(() -> (ctx, data) -> ctx.reply(data))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handler class");
    }
}
