package org.socketserver4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watchdog's timer, on a scheduler that runs its tasks only when the test says. */
class WatchdogTest {

    /** A scheduler that keeps its timers; {@link #runAll} runs those not cancelled. */
    private static final class HeldScheduler implements TaskScheduler {
        private final List<Timer> timers = new ArrayList<>();

        @Override
        public org.socketserver4j.core.handler.Scheduled schedule(Runnable task, long delayNanos) {
            Timer timer = new Timer(task);
            timers.add(timer);
            return () -> {
                boolean was = !timer.cancelled;
                timer.cancelled = true;
                return was;
            };
        }

        long pending() {
            return timers.stream().filter(t -> !t.cancelled).count();
        }

        void runAll() {
            List<Timer> due = List.copyOf(timers);
            timers.clear();
            due.forEach(Timer::run);
        }
    }

    private static final class Timer {
        private final Runnable task;
        boolean cancelled;

        Timer(Runnable task) {
            this.task = task;
        }

        void run() {
            task.run(); // a cancelled timer may still run, as a real one racing its cancel may
        }
    }

    private final HeldScheduler scheduler = new HeldScheduler();
    private final AtomicInteger checks = new AtomicInteger();
    private final Watchdog watchdog = new Watchdog(scheduler, checks::incrementAndGet);

    @Test
    void aLaterDeadlineKeepsThePendingTimerAndAnEarlierOneReplacesIt() {
        long now = System.nanoTime();
        watchdog.armBy(now + 1_000);
        watchdog.armBy(now + 2_000);
        assertThat(scheduler.pending()).as("a later deadline changes nothing").isEqualTo(1);
        watchdog.armBy(now + 500);
        assertThat(scheduler.pending()).as("an earlier one replaces the timer").isEqualTo(1);
        assertThat(scheduler.timers).hasSize(2);
        scheduler.runAll();
        assertThat(checks).as("only the replacing timer checks").hasValue(1);
    }

    @Test
    void nothingIsScheduledForNoDeadlineAndACancelledTimerDoesNotCheck() {
        watchdog.armBy(Long.MAX_VALUE);
        assertThat(scheduler.pending()).isZero();
        watchdog.armBy(System.nanoTime() + 1_000);
        watchdog.cancel();
        scheduler.runAll();
        assertThat(checks).hasValue(0);
        watchdog.armBy(System.nanoTime() + 1_000);
        assertThat(scheduler.pending()).as("it can be armed again").isEqualTo(1);
        scheduler.runAll();
        assertThat(checks).hasValue(1);
    }
}
