package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.reactor.Placement;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;

/** HybridServer's own behaviour: connections spread over its workers, which run the handlers. */
class HybridServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void roundRobinSpreadsConnectionsEvenlyAndHandlersRunOnTheOwningWorker() throws Exception {
        Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
        HandlerFactory recording = HandlerFactory.event(() -> new EventHandler() {
            @Override
            public void onData(Connection connection, ByteBuffer data) {
                handlerThreads.add(Thread.currentThread().getName());
                connection.write(data);
            }
        });
        HybridServer server = new HybridServer(ANY_PORT, recording);
        server.setWorkers(3);
        server.setGracePeriod(Duration.ofMillis(200));
        List<LineClient> clients = new ArrayList<>();
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 9; i++) {
                LineClient client = new LineClient(running.address());
                clients.add(client);
                assertThat(client.call("c" + i)).isEqualTo("c" + i);
            }
            assertThat(server.connectionsPerWorker()).containsExactly(3, 3, 3);
            int port = ((InetSocketAddress) server.serverAddress()).getPort();
            assertThat(handlerThreads).containsExactlyInAnyOrder(
                    "HybridServer-" + port + "-worker-0", "HybridServer-" + port + "-worker-1",
                    "HybridServer-" + port + "-worker-2");
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void leastLoadedFillsTheWorkerThatLostItsConnections() throws Exception {
        HybridServer server = new HybridServer(ANY_PORT, Family.EVENT.lineHandler());
        server.setWorkers(2);
        server.setPlacement(Placement.LEAST_LOADED);
        server.setGracePeriod(Duration.ofMillis(200));
        List<LineClient> clients = new ArrayList<>();
        try (RunningServer running = RunningServer.start(server)) {
            for (int i = 0; i < 4; i++) {
                LineClient client = new LineClient(running.address());
                clients.add(client);
                assertThat(client.call("x")).isEqualTo("x");
            }
            assertThat(server.connectionsPerWorker()).containsExactly(2, 2);
            clients.get(0).close();
            clients.get(2).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsPerWorker()[0] == 0);
            for (int i = 0; i < 2; i++) {
                LineClient client = new LineClient(running.address());
                clients.add(client);
                assertThat(client.call("y")).isEqualTo("y");
            }
            assertThat(server.connectionsPerWorker()).containsExactly(2, 2);
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
    }
}
