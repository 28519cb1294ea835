package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The send schedule's rule, fed explicit times (milliseconds as nanoseconds). */
class SendScheduleTest {

    private static final long MS = 1_000_000;

    /**
     * Runs {@code schedule} against a server that answers at the times given, one request in flight:
     * each request goes at its intended time or, if the connection is behind, when the previous reply
     * came. Returns the latencies recorded, in ms.
     */
    private static List<Long> latencies(SendSchedule schedule, long... answeredAfterSendMs) {
        List<Long> latencies = new ArrayList<>();
        long now = 0;
        for (long serviceMs : answeredAfterSendMs) {
            if (!schedule.sendable(now)) {
                assertThat(schedule.waitMillis(now)).isEqualTo((schedule.due() - now) / MS);
                now = schedule.due();
            }
            schedule.sent(now);
            now += serviceMs * MS;
            latencies.add(schedule.latency(now) / MS);
        }
        return latencies;
    }

    @Test
    void aServerThatStallsOnceIsChargedForEveryRequestTheStallHeldBack() {
        // Every 10 ms; the second request takes 35 ms, the others 1 ms.
        List<Long> latencies = latencies(SendSchedule.openLoop(0, 10 * MS), 1, 35, 1, 1, 1, 1, 1);

        // Sent at 0 and 10 (answered at 45); 20, 30 and 40 were due during the stall and go at 45, 46
        // and 47, their latencies counted from 20, 30 and 40; then back on time at 50 and 60.
        assertThat(latencies).containsExactly(1L, 35L, 26L, 17L, 8L, 1L, 1L);
    }

    @Test
    void aClosedLoopCountsFromTheActualSendAndHidesTheStall() {
        assertThat(latencies(SendSchedule.closedLoop(), 1, 35, 1, 1, 1, 1, 1))
                .containsExactly(1L, 35L, 1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void aRequestLessThanAMillisecondAheadGoesAtOnceAndCountsFromWhenItWent() {
        SendSchedule schedule = SendSchedule.openLoop(0, 10 * MS);
        schedule.sent(0);

        long early = 10 * MS - SendSchedule.EARLY_NANOS + 1;
        assertThat(schedule.sendable(early - 2)).isFalse();
        assertThat(schedule.waitMillis(0)).isEqualTo(10);
        assertThat(schedule.waitMillis(early - 2)).as("at least 1").isEqualTo(1);
        assertThat(schedule.sendable(early)).isTrue();
        schedule.sent(early);
        assertThat(schedule.latency(early + 3 * MS)).isEqualTo(3 * MS);
        assertThat(schedule.due()).isEqualTo(20 * MS);
    }

    @Test
    void theRateIsSharedByTheConnectionsWhoseFirstSendsAreStaggered() {
        // 1,000 requests a second over 4 connections: each every 4 ms, the first ones 1 ms apart.
        for (int i = 0; i < 4; i++) {
            SendSchedule schedule = SendSchedule.of(1_000, i, 4, 1, 100 * MS);
            assertThat(schedule.due()).isEqualTo(100 * MS + i * MS);
            schedule.sent(schedule.due());
            assertThat(schedule.due()).isEqualTo(104 * MS + i * MS);
        }
        // Batches of 8 pipelined requests: 1,000 requests a second over 2 connections is a batch every 16 ms each.
        SendSchedule batches = SendSchedule.of(1_000, 1, 2, 8, 0);
        assertThat(batches.due()).isEqualTo(8 * MS);
        batches.sent(8 * MS);
        assertThat(batches.due()).isEqualTo(24 * MS);
    }

    @Test
    void aRestartForgetsTheRequestsDueBeforeButNotTheOneInFlight() {
        SendSchedule schedule = SendSchedule.of(1_000, 1, 2, 1, 0); // every 2 ms, from 1 ms
        schedule.sent(1 * MS);
        schedule.sent(500 * MS); // far behind: intended at 3 ms

        schedule.restart(600 * MS);

        assertThat(schedule.due()).as("its offset kept").isEqualTo(601 * MS);
        assertThat(schedule.sendable(599 * MS)).isFalse();
        assertThat(schedule.latency(602 * MS)).as("the request in flight").isEqualTo(599 * MS);
    }

    @Test
    void withoutARateEveryRequestGoesAtOnce() {
        SendSchedule closed = SendSchedule.of(0, 3, 4, 1, 0);

        assertThat(closed.sendable(Long.MIN_VALUE + 1)).isTrue();
        closed.sent(5 * MS);
        assertThat(closed.latency(7 * MS)).isEqualTo(2 * MS);
        assertThatThrownBy(() -> SendSchedule.openLoop(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
