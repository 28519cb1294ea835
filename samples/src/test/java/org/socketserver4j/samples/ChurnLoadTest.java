package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.handlers.EchoEventHandler;

/** The churn load against an in-process echo server and against servers that fail it. */
class ChurnLoadTest extends LoadTestSupport {

    private ChurnLoad open(InetSocketAddress target, int clients) throws IOException {
        return cleanup.add(ChurnLoad.open(target, clients, 64, 1));
    }

    @Test
    void eachRequestIsANewConnectionCountedOnlyInTheMeasuredWindow() throws Exception {
        Serving serving = cleanup.add(Serving.start(Strategy.SELECT.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(EchoEventHandler.class))));
        ChurnLoad load = open(serving.address(), 3);

        load.start();
        load.awaitFirstReplies(WAIT);
        load.awaitUnlessFailed(Duration.ofMillis(100));
        long before = serving.server().statistics().accepted();
        load.startMeasuring();
        load.awaitUnlessFailed(Duration.ofMillis(300));
        load.stopMeasuring();
        SelectorLoad.Result result = load.awaitResult();

        assertThat(result.requests()).isPositive();
        assertThat(result.latency().getTotalCount()).isEqualTo(result.requests());
        assertThat(serving.server().statistics().accepted() - before)
                .as("connections accepted in the window").isGreaterThanOrEqualTo(result.requests());
    }

    @Test
    void aServerThatClosesBeforeReplyingFailsTheLoad() throws Exception {
        ServerSocket listener = cleanup.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofPlatform().daemon().name("fake-server").start(() -> {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    socket.getInputStream().readNBytes(10);
                } catch (IOException e) {
                    return;
                }
            }
        });
        ChurnLoad load = open((InetSocketAddress) listener.getLocalSocketAddress(), 1);

        load.start();

        assertThatThrownBy(() -> load.awaitUnlessFailed(WAIT)).isInstanceOf(IOException.class)
                .hasMessageContaining("ended a new connection before its reply (0 of 64 bytes received)");
    }

    @Test
    void aRefusedConnectFailsTheLoadSayingSo() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = (InetSocketAddress) closed.getLocalSocketAddress();
        }
        ChurnLoad load = open(nobody, 2);

        load.start();

        assertThatThrownBy(() -> load.awaitFirstReplies(WAIT)).isInstanceOf(IOException.class)
                .hasMessageContaining("could not connect").hasMessageContaining("refused");
    }
}
