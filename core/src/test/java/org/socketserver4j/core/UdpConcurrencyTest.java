package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.datagram.DatagramHandlerFactory;
import org.socketserver4j.core.testing.DatagramKinds;
import org.socketserver4j.core.testing.Leaks;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.UdpClient;

/** Where each server runs datagram handlers, as its Javadoc says, and that no thread outlives it. */
class UdpConcurrencyTest {

    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    private DatagramHandlerFactory recordingEcho() {
        return DatagramHandlerFactory.event(() -> (ctx, data) -> {
            threads.add(Thread.currentThread().getName());
            ctx.reply(data);
        });
    }

    /** Sends one datagram from each of {@code senders} clients; returns the server's thread prefix. */
    private String serve(ServerKind kind, int senders) throws Exception {
        String prefix;
        try (RunningServer running = RunningServer.start(DatagramKinds.bound(kind, recordingEcho()))) {
            // DatagramKinds makes anonymous subclasses, whose threads are named server-PORT-...
            prefix = "server-" + ((java.net.InetSocketAddress) running.address()).getPort() + "-";
            List<UdpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < senders; i++) {
                    UdpClient client = new UdpClient(running.address());
                    clients.add(client);
                    assertThat(client.call("x" + i)).isEqualTo("x" + i);
                }
                assertThat(Leaks.threadsNamed(prefix + "udp-")).isEqualTo(kind == ServerKind.HYBRID ? 2 : 1);
            } finally {
                clients.forEach(UdpClient::close);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Leaks.threadsNamed(prefix) == 0);
        return prefix;
    }

    @Test
    void selectServerRunsEventHandlersOnItsOneLoop() throws Exception {
        serve(ServerKind.SELECT, 4);
        assertThat(threads).singleElement().asString().endsWith("-udp-0");
    }

    @Test
    void threadingServerRunsEachDatagramOnAThreadOfItsOwn() throws Exception {
        serve(ServerKind.THREADING, 4);
        assertThat(threads).hasSize(4).allMatch(name -> name.contains("-conn-"));
    }

    @Test
    void hybridServerSpreadsSendersOverItsReusePortSockets() throws Exception {
        serve(ServerKind.HYBRID, 32);
        // two workers; 32 senders all hashed to one socket would happen once in 2^31
        assertThat(threads).hasSize(2).allMatch(name -> name.matches(".*-udp-[01]"));
    }
}
