package org.socketserver4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Watermarks, the hard cap, the writer token and the wake-up of a blocked writer. */
class OutboundBufferTest {

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n);
    }

    @Test
    void writabilityFollowsTheWatermarksAndEveryTransitionIsCounted() {
        OutboundBuffer out = new OutboundBuffer(4, 8, 100);
        assertThat(out.add(bytes(8))).isEqualTo(OutboundBuffer.Added.QUEUED);
        assertThat(out.add(bytes(1))).isEqualTo(OutboundBuffer.Added.BECAME_UNWRITABLE);
        assertThat(out.isWritable()).isFalse();
        assertThat(out.transitions()).isOne();
        assertThat(out.tryAcquireDirect()).as("something is queued").isFalse();
        assertThat(out.tryAcquireForFlush()).isTrue();
        ByteBuffer[] batch = new ByteBuffer[4];
        int count = out.takeBatch(batch);
        assertThat(count).isEqualTo(2);
        batch[0].position(6);
        assertThat(out.wrote(6, batch, count)).as("3 left, below the low watermark of 4").isTrue();
        assertThat(out.pendingBytes()).isEqualTo(3);
        assertThat(out.isWritable()).isTrue();
        assertThat(out.transitions()).isEqualTo(2);
        assertThat(batch).containsOnlyNulls();
        out.releaseWriter();
        assertThat(out.isIdle()).isFalse();
    }

    @Test
    void whatIsLeftOfABatchGoesBackInOrder() {
        OutboundBuffer out = new OutboundBuffer(1, 2, 100);
        out.add(ByteBuffer.wrap(new byte[] {1, 2}));
        out.add(ByteBuffer.wrap(new byte[] {3}));
        assertThat(out.tryAcquireForFlush()).isTrue();
        ByteBuffer[] batch = new ByteBuffer[4];
        int count = out.takeBatch(batch);
        batch[0].get();
        out.wrote(1, batch, count);
        count = out.takeBatch(batch);
        assertThat(batch[0].get()).isEqualTo((byte) 2);
        assertThat(batch[1].get()).isEqualTo((byte) 3);
        assertThat(out.wrote(2, batch, count)).as("empty: writable again").isTrue();
        out.releaseWriter();
        assertThat(out.isIdle()).isTrue();
    }

    @Test
    void theHardCapRefusesAndConsumesAndCloseDropsEverything() {
        OutboundBuffer out = new OutboundBuffer(4, 8, 16);
        out.add(bytes(10));
        ByteBuffer tooMuch = bytes(7);
        assertThat(out.add(tooMuch)).isEqualTo(OutboundBuffer.Added.OVER_LIMIT);
        assertThat(tooMuch.hasRemaining()).isFalse();
        assertThat(out.pendingBytes()).isEqualTo(10);
        out.close();
        assertThat(out.add(bytes(1))).isEqualTo(OutboundBuffer.Added.CLOSED);
        assertThat(out.pendingBytes()).isZero();
        assertThat(out.tryAcquireDirect()).isFalse();
    }

    @Test
    void aBlockedWriterIsWokenByTheWriteThatMadeRoomOrByClose() throws Exception {
        OutboundBuffer out = new OutboundBuffer(4, 8, 100);
        out.add(bytes(9));
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            try {
                return out.awaitWritable(0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(out.awaitWritable(Duration.ofMillis(1).toNanos())).as("times out while full").isFalse();
        out.tryAcquireForFlush();
        ByteBuffer[] batch = new ByteBuffer[1];
        int count = out.takeBatch(batch);
        batch[0].position(batch[0].limit());
        out.wrote(9, batch, count);
        assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();

        out.releaseWriter();
        out.add(bytes(9));
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
            try {
                return out.awaitWritable(0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        out.close();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void theWriterTokenIsOneAtATime() {
        OutboundBuffer out = new OutboundBuffer(4, 8, 100);
        assertThat(out.tryAcquireDirect()).isTrue();
        assertThat(out.tryAcquireDirect()).isFalse();
        out.add(bytes(1));
        assertThat(out.tryAcquireForFlush()).as("the holder flushes what others queued").isFalse();
        out.releaseWriter();
        assertThat(out.hasPending()).isTrue();
        assertThat(out.tryAcquireForFlush()).isTrue();
    }
}
