package org.socketserver4j.core.datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The gate between the datagram readers and {@code handleRequest}'s one datagram at a time. */
class ReceiveGateTest {

    /**
     * With one socket per worker, the reader that reserves the one-shot may find nothing while
     * another reader's socket holds the datagram: that other reader must still see demand while
     * the reservation is held, or it goes to sleep and the datagram waits for ever.
     */
    @Test
    void aOneShotReservedByOneReaderIsStillDemandForTheOthersUntilItIsConfirmed() throws Exception {
        ReceiveGate gate = new ReceiveGate();
        assertThat(gate.wantsMore()).isFalse();
        CompletableFuture<Boolean> handled = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.acceptOne(Duration.ofSeconds(30), () -> { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(gate::wantsMore);

        assertThat(gate.take()).as("reader A reserves the one-shot").isTrue();
        assertThat(gate.take()).as("no second datagram for this handleRequest").isFalse();
        assertThat(gate.wantsMore()).as("reader B still sees demand while A holds it").isTrue();
        gate.giveBack(); // A's socket had nothing
        assertThat(gate.take()).as("reader B takes it").isTrue();
        gate.confirm();

        assertThat(handled.get()).isTrue();
        assertThat(gate.wantsMore()).as("served: no demand left").isFalse();
        assertThat(gate.take()).isFalse();
    }

    @Test
    void anOpenGateTakesEveryDatagramAndAClosedOneNone() {
        ReceiveGate gate = new ReceiveGate();
        gate.setOpen(true);
        assertThat(gate.take()).isTrue();
        gate.giveBack();
        assertThat(gate.wantsMore()).isTrue();
        gate.setOpen(false);
        assertThat(gate.wantsMore()).as("an unreserved give-back made no one-shot").isFalse();
        gate.close();
        assertThat(gate.take()).isFalse();
        assertThat(gate.wantsMore()).isFalse();
    }
}
