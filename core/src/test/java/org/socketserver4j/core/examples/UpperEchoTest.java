package org.socketserver4j.core.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.SelectServer;
import org.socketserver4j.core.ThreadingServer;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;

/** The README's promise: the same handler under SelectServer and, one word changed, ThreadingServer. */
class UpperEchoTest {

    @Test
    void sameHandlerUnderBothServers() throws Exception {
        InetSocketAddress anyPort = new InetSocketAddress("127.0.0.1", 0);
        for (BaseServer server : new BaseServer[] {
                new SelectServer(anyPort, UpperEcho.class), new ThreadingServer(anyPort, UpperEcho.class)}) {
            try (RunningServer running = RunningServer.start(server);
                    LineClient client = new LineClient(running.address())) {
                assertThat(client.call("hello")).isEqualTo("HELLO");
            }
        }
    }
}
