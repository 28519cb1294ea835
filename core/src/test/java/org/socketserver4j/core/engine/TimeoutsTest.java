package org.socketserver4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The timeout arithmetic, on made-up times: no clock, no waiting. */
class TimeoutsTest {

    private static final long S = 1_000_000_000L;

    @Test
    void idleMeansNoProgressEitherWay() {
        Timeouts idle = new Timeouts(10 * S, 0, 0);
        assertThat(idle.expired(15 * S, 0, 8 * S, false)).as("a write 7 s ago is progress").isNull();
        assertThat(idle.nextDeadline(0, 8 * S, false)).isEqualTo(18 * S);
        assertThat(idle.expired(18 * S, 0, 8 * S, false)).isEqualTo(CloseReason.IDLE_TIMEOUT);
        assertThat(idle.expired(18 * S, 9 * S, 8 * S, false)).as("a read is progress too").isNull();
    }

    @Test
    void readTimeoutCountsOnlyReadsAndWriteTimeoutOnlyWhileOutputIsQueued() {
        Timeouts t = new Timeouts(0, 5 * S, 3 * S);
        assertThat(t.expired(6 * S, 0, 6 * S, false)).isEqualTo(CloseReason.READ_TIMEOUT);
        assertThat(t.expired(4 * S, 2 * S, 0, false)).as("nothing queued: no write timeout").isNull();
        assertThat(t.expired(4 * S, 2 * S, 0, true)).isEqualTo(CloseReason.WRITE_TIMEOUT);
        assertThat(t.nextDeadline(2 * S, 0, true)).isEqualTo(3 * S);
        assertThat(t.nextDeadline(2 * S, 0, false)).isEqualTo(7 * S);
    }

    @Test
    void noTimeoutNoDeadlineAndTimesMayWrap() {
        Timeouts none = new Timeouts(0, 0, 0);
        assertThat(none.any()).isFalse();
        assertThat(none.nextDeadline(0, 0, true)).isEqualTo(Long.MAX_VALUE);
        Timeouts idle = new Timeouts(10 * S, 0, 0);
        long nearWrap = Long.MAX_VALUE - 2 * S;
        assertThat(idle.expired(nearWrap + 11 * S, nearWrap, nearWrap - S, false))
                .as("nanoTime may wrap: differences still count").isEqualTo(CloseReason.IDLE_TIMEOUT);
    }
}
