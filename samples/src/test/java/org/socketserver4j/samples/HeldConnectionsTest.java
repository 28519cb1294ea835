package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.handlers.EchoEventHandler;

/** The held workload's client against an in-process echo server and against one that misbehaves. */
class HeldConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Closer cleanup = new Closer();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.closeAll();
        ThreadsLeft.awaitNoneNamed(WAIT, "fake-server");
    }

    private Serving echoServer() throws IOException {
        Serving serving = Serving.start(Strategy.SELECT.newServer(new InetSocketAddress("127.0.0.1", 0),
                HandlerFactory.of(EchoEventHandler.class)));
        cleanup.add(serving);
        return serving;
    }

    @Test
    void opensEveryConnectionInBatchesAfterOneCheckedEchoAndTheyStillEchoLater() throws Exception {
        Serving server = echoServer();
        int count = HeldConnections.BATCH * 2 + 7;

        HeldConnections held = HeldConnections.open(server.address(), count, WAIT);
        cleanup.add(held);

        assertThat(held.size()).isEqualTo(count);
        assertThat(held.echoAll()).isZero();
        held.close();
        assertThat(held.size()).isZero();
    }

    @Test
    void connectionsTheServerEndsAreCountedAsNotEchoing() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().name("fake-server").start(() -> {
                // echoes on each of 3 connections until it ends
                try {
                    for (int i = 0; i < 3; i++) {
                        Socket socket = listener.accept();
                        synchronized (accepted) {
                            accepted.add(socket);
                        }
                        Thread echo = Thread.ofPlatform().name("fake-server-echo").start(() -> {
                            try {
                                socket.getInputStream().transferTo(socket.getOutputStream());
                            } catch (IOException e) {
                                // closed
                            }
                        });
                        synchronized (threads) {
                            threads.add(echo);
                        }
                    }
                } catch (IOException e) {
                    // the test fails on its own
                }
            });
            HeldConnections held = HeldConnections.open((InetSocketAddress) listener.getLocalSocketAddress(), 3,
                    WAIT);
            cleanup.add(held);
            acceptor.join(WAIT);
            synchronized (accepted) {
                accepted.get(1).close();
            }

            assertThat(held.echoAll()).isEqualTo(1);
            held.close();
        } finally {
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
            for (Thread thread : threads) {
                thread.join(WAIT);
            }
        }
    }

    @Test
    void aServerThatSendsOtherBytesFailsTheOpening() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().name("fake-server").start(() -> {
                try (Socket socket = listener.accept()) {
                    socket.setSoTimeout((int) WAIT.toMillis());
                    socket.getInputStream().readNBytes(HeldConnections.MESSAGE_SIZE);
                    byte[] other = new byte[HeldConnections.MESSAGE_SIZE];
                    java.util.Arrays.fill(other, (byte) 0x55);
                    socket.getOutputStream().write(other);
                    socket.getInputStream().read(); // until the client closes
                } catch (IOException e) {
                    // the test fails on its own
                }
            });

            assertThatThrownBy(() -> HeldConnections.open((InetSocketAddress) listener.getLocalSocketAddress(), 1,
                    WAIT)).isInstanceOf(IOException.class).hasMessageContaining("other bytes");
            server.join(WAIT);
        }
    }

    @Test
    void aRefusedConnectIsRetriedABoundedNumberOfTimesThenReported() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = (InetSocketAddress) listener.getLocalSocketAddress();
        }

        assertThatThrownBy(() -> HeldConnections.open(closed, 1, WAIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused " + HeldConnections.CONNECT_ATTEMPTS + " times");
    }

    @Test
    void moreConnectionsThanThisJvmMayOpenAreRefusedBeforeConnecting() {
        long limit = HeldConnections.openFilesLimit().orElse(-1);
        org.junit.jupiter.api.Assumptions.assumeTrue(limit > 0 && limit < 10_000_000, "no finite limit");

        assertThatThrownBy(() -> HeldConnections.open(new InetSocketAddress("127.0.0.1", 9), (int) limit, WAIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ulimit -n")
                .hasMessageContaining("raise the limit or lower --held");
    }
}
