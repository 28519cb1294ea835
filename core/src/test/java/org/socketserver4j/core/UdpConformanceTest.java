package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.datagram.DatagramTooLargeException;
import org.socketserver4j.core.testing.DatagramKinds;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.UdpClient;
import org.socketserver4j.core.testing.UdpEcho;

/**
 * The cases of docs/CONFORMANCE.md over UDP: S1, P12 and P13 on every server kind that serves
 * UDP ({@link DatagramKinds#serving()}), both datagram handler families.
 */
class UdpConformanceTest {

    static Stream<Arguments> everyServerAndFamily() {
        List<Arguments> all = new ArrayList<>();
        for (ServerKind kind : DatagramKinds.serving()) {
            for (UdpEcho.Family family : UdpEcho.Family.values()) {
                all.add(Arguments.of(kind, family));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "S1 udp {0} {1}")
    @MethodSource("everyServerAndFamily")
    void s1_echoesThreeClientsInTurnThenClosesTheSocket(ServerKind kind, UdpEcho.Family family) throws Exception {
        InetSocketAddress address;
        try (RunningServer running = RunningServer.start(DatagramKinds.bound(kind, family.echo()))) {
            address = (InetSocketAddress) running.address();
            for (int i = 0; i < 3; i++) {
                try (UdpClient client = new UdpClient(address)) {
                    assertThat(client.call("hello " + i)).isEqualTo("hello " + i);
                }
            }
            // a reply is counted once send returns, which may be after the client has it
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> running.server().statistics().datagrams().replies() == 3);
        }
        // the socket is closed: its port can be bound again
        try (DatagramSocket again = new DatagramSocket(address)) {
            assertThat(again.getLocalPort()).isEqualTo(address.getPort());
        }
    }

    @ParameterizedTest(name = "P12 udp {0} {1}")
    @MethodSource("everyServerAndFamily")
    void p12_aDatagramLargerThanTheMaximumIsDetectedCountedAndReported(ServerKind kind, UdpEcho.Family family)
            throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<SocketAddress> senders = new CopyOnWriteArrayList<>();
        BaseServer server = DatagramKinds.unbound(kind, family.echo(), (client, e) -> {
            senders.add(client);
            errors.add(e);
        });
        server.setMaxDatagramSize(100);
        DatagramKinds.bind(server);
        try (RunningServer running = RunningServer.start(server);
                UdpClient client = new UdpClient(running.address())) {
            client.send(new byte[101]);
            await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() == 1);
            assertThat(errors.get(0)).isInstanceOf(DatagramTooLargeException.class)
                    .hasMessageContaining("maximum datagram size of 100 bytes");
            assertThat(senders.get(0)).isNotNull();
            assertThat(server.statistics().datagrams().truncated()).isEqualTo(1);
            assertThat(server.statistics().handlerErrors()).isEqualTo(1);
            // the truncated datagram got no reply; one of exactly the maximum is served whole
            byte[] max = new byte[100];
            max[99] = 7;
            client.send(max);
            assertThat(client.receive()).isEqualTo(max);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().datagrams().replies() == 1);
            assertThat(server.statistics().datagrams().truncated()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "P13 udp {0} {1}")
    @MethodSource("everyServerAndFamily")
    void p13_aHandlerThatWritesNothingSendsNoDatagram(ServerKind kind, UdpEcho.Family family) throws Exception {
        try (RunningServer running = RunningServer.start(DatagramKinds.bound(kind, family.echo()));
                UdpClient client = new UdpClient(running.address())) {
            BaseServer server = running.server();
            client.send(UdpEcho.SILENT.getBytes());
            await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().handlerLatency().getTotalCount() == 1);
            // an empty datagram for the first would arrive before the second's reply
            assertThat(client.call("ping")).isEqualTo("ping");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.statistics().datagrams().replies() == 1);
            assertThat(server.statistics().datagrams().received()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "handleRequest udp {0} {1}")
    @MethodSource("everyServerAndFamily")
    void handleRequestServesOneDatagramAtATimeOrTimesOut(ServerKind kind, UdpEcho.Family family) throws Exception {
        java.util.concurrent.atomic.AtomicInteger timeouts = new java.util.concurrent.atomic.AtomicInteger();
        BaseServer server = DatagramKinds.bound(kind, family.echo());
        try (server; UdpClient client = new UdpClient(server.serverAddress())) {
            server.setTimeout(Duration.ofMillis(200));
            server.handleRequest();
            assertThat(server.statistics().datagrams().received()).isZero();
            // from here a datagram waits: a long timeout, so a starved reader thread is not a failure
            server.setTimeout(Duration.ofSeconds(10));
            client.send("one".getBytes());
            client.send("two".getBytes());
            server.handleRequest();
            assertThat(client.receive()).isEqualTo("one".getBytes());
            // the second waits in the kernel until the next handleRequest
            assertThat(server.statistics().datagrams().received()).isEqualTo(1);
            server.handleRequest();
            assertThat(client.receive()).isEqualTo("two".getBytes());
        }
    }
}
