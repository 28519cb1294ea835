package org.socketserver4j.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketserver4j.core.testing.FaultySelectorProvider;
import org.socketserver4j.core.testing.Leaks;

/**
 * The event loop itself: tasks, timers, a selector rebuilt under live registrations, and a
 * selector that fails.
 */
class ReactorTest {

    @Test
    void postedTasksAndTimersRunOnTheReactorThread() throws Exception {
        Reactor reactor = new Reactor("test-reactor");
        reactor.start();
        try {
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            reactor.execute(() -> onLoop.complete(reactor.inEventLoop()));
            assertThat(onLoop.get()).isTrue();
            AtomicInteger order = new AtomicInteger();
            CompletableFuture<int[]> fired = new CompletableFuture<>();
            int[] seen = new int[2];
            reactor.execute(() -> {
                reactor.schedule(() -> {
                    seen[1] = order.incrementAndGet();
                    fired.complete(seen);
                }, 40_000_000L);
                reactor.schedule(() -> seen[0] = order.incrementAndGet(), 10_000_000L);
                reactor.schedule(() -> seen[0] = -1, 20_000_000L).cancel();
            });
            assertThat(fired.get()).containsExactly(1, 2);
        } finally {
            reactor.shutdown();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void cancelledTimersArePurgedSoClosedConnectionsDoNotPileUp() throws Exception {
        Reactor reactor = new Reactor("test-purge");
        reactor.start();
        try {
            CompletableFuture<int[]> sizes = new CompletableFuture<>();
            reactor.execute(() -> {
                List<Reactor.Timer> scheduled = new ArrayList<>();
                for (int i = 0; i < 5000; i++) {
                    scheduled.add(reactor.schedule(() -> { }, 3_600_000_000_000L));
                }
                int before = reactor.pendingTimers();
                scheduled.forEach(Reactor.Timer::cancel);
                sizes.complete(new int[] {before, reactor.pendingTimers()});
            });
            int[] result = sizes.get();
            assertThat(result[0]).isEqualTo(5000);
            assertThat(result[1]).isLessThan(2500);
        } finally {
            reactor.shutdown();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    @Timeout(20)
    void rebuildingTheSelectorKeepsEveryRegistrationWorking() throws Exception {
        Reactor reactor = new Reactor("test-rebuild");
        reactor.start();
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            SocketChannel served = listener.accept();
            served.configureBlocking(false);
            Echo echo = new Echo(served);
            reactor.execute(() -> {
                try {
                    echo.key = reactor.register(served, SelectionKey.OP_READ, echo);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(roundTrip(client, "before")).isEqualTo("before");
            SelectionKey original = echo.key;
            reactor.execute(() -> {
                try {
                    reactor.rebuildSelector();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> reactor.selectorRebuilds() == 1);
            assertThat(roundTrip(client, "after")).isEqualTo("after");
            assertThat(echo.key).as("the holder was given its key on the new selector").isNotSameAs(original);
            assertThat(echo.key.isValid()).isTrue();
            assertThat(original.isValid()).as("the old key went with the old selector").isFalse();
            served.close();
        } finally {
            reactor.shutdown();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    @Timeout(20)
    void aFailedSelectIsCountedAndCuredByRebuildingTheSelector() throws Exception {
        FaultySelectorProvider faulty = new FaultySelectorProvider();
        AtomicReference<Throwable> died = new AtomicReference<>();
        Reactor reactor = new Reactor("test-select-fails", faulty, died::set);
        reactor.start();
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            SocketChannel served = listener.accept();
            served.configureBlocking(false);
            Echo echo = new Echo(served);
            reactor.execute(() -> register(reactor, echo));
            assertThat(roundTrip(client, "before")).isEqualTo("before");
            faulty.failSelects(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> reactor.selectFailures() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> reactor.selectorRebuilds() == 1);
            assertThat(roundTrip(client, "after")).isEqualTo("after");
            faulty.failSelects(3);
            await().atMost(Duration.ofSeconds(5)).until(() -> reactor.selectFailures() == 4);
            assertThat(roundTrip(client, "again")).isEqualTo("again");
            assertThat(reactor.isDead()).isFalse();
            assertThat(died.get()).isNull();
            assertThat(echo.stopped).isFalse();
        } finally {
            reactor.shutdown();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    @Timeout(20)
    void aSelectorThatKeepsFailingKillsTheReactorWhichClosesItsChannelsAndSaysSo() throws Exception {
        SocketChannel.open().close(); // the JDK keeps one descriptor from its first socket on
        long descriptorsBefore = Leaks.openDescriptors();
        FaultySelectorProvider faulty = new FaultySelectorProvider();
        CompletableFuture<Throwable> died = new CompletableFuture<>();
        Reactor reactor = new Reactor("test-select-dies", faulty, died::complete);
        reactor.start();
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            SocketChannel served = listener.accept();
            served.configureBlocking(false);
            Echo echo = new Echo(served);
            reactor.execute(() -> register(reactor, echo));
            assertThat(roundTrip(client, "before")).isEqualTo("before");
            faulty.failForever();
            Throwable cause = died.get();
            assertThat(cause).hasMessageContaining("in a row");
            assertThat(reactor.isDead()).isTrue();
            assertThat(reactor.selectFailures()).isEqualTo(Reactor.MAX_CONSECUTIVE_SELECT_FAILURES);
            assertThat(echo.stopped).as("registrations are told the reactor stopped").isTrue();
            // A dead reactor still runs what is posted to it, so hand-overs close, not vanish.
            CompletableFuture<Boolean> ran = new CompletableFuture<>();
            reactor.execute(() -> {
                try {
                    reactor.register(served, SelectionKey.OP_READ, echo);
                    ran.complete(false);
                } catch (IOException refused) {
                    ran.complete(true);
                }
            });
            assertThat(ran.get()).as("registering with a dead reactor fails").isTrue();
            served.close();
        } finally {
            reactor.shutdown();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(Leaks.threadsNamed("test-select-dies")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> Leaks.openDescriptors() <= descriptorsBefore);
    }

    private static void register(Reactor reactor, Echo echo) {
        try {
            echo.key = reactor.register(echo.channel, SelectionKey.OP_READ, echo);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String roundTrip(SocketChannel client, String text) throws IOException {
        client.write(ByteBuffer.wrap(text.getBytes()));
        ByteBuffer reply = ByteBuffer.allocate(text.length());
        while (reply.hasRemaining()) {
            if (client.read(reply) < 0) {
                break;
            }
        }
        return new String(reply.array(), 0, reply.position());
    }

    /** Echoes what it reads; learns its new key when the selector is rebuilt. */
    private static final class Echo implements Reactor.Selectable, Reactor.KeyHolder {
        private final SocketChannel channel;
        private volatile SelectionKey key;
        private volatile boolean stopped;

        Echo(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onReady(SelectionKey ready) {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            try {
                if (channel.read(buffer) > 0) {
                    buffer.flip();
                    channel.write(buffer);
                }
            } catch (IOException e) {
                ready.cancel();
            }
        }

        @Override
        public void onReactorStop() {
            stopped = true;
        }

        @Override
        public void keyMoved(SelectionKey moved) {
            key = moved;
        }
    }
}
