package org.socketserver4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Callbacks and posted tasks run one at a time, never nested. */
class CallbackLaneTest {

    private static CallbackLane lane(List<String> events) {
        return new CallbackLane(r -> Thread.ofVirtual().start(r), () -> events.add("left"));
    }

    @Test
    void aTaskPostedInsideACallbackRunsAfterItBeforeTheLaneIsLeft() {
        List<String> events = new CopyOnWriteArrayList<>();
        CallbackLane lane = lane(events);
        lane.run(() -> {
            lane.post(() -> events.add("task"));
            events.add("callback returns");
        });
        assertThat(events).containsExactly("callback returns", "task", "left");
    }

    @Test
    void aTaskPostedFromElsewhereWaitsForTheRunningCallback() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CallbackLane lane = lane(events);
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = Thread.ofVirtual().start(() -> lane.run(() -> {
            inCallback.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("callback returns");
        }));
        assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();
        lane.post(() -> events.add("task"));
        release.countDown();
        owner.join();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("task"));
        assertThat(events.indexOf("task")).isGreaterThan(events.indexOf("callback returns"));
    }

    @Test
    void postsFromManyThreadsNeverOverlap() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CallbackLane lane = lane(events);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable task = () -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            inside.decrementAndGet();
            done.incrementAndGet();
        };
        List<Thread> posters = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 8; t++) {
            posters.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 500; i++) {
                    lane.post(task);
                }
            }));
        }
        for (Thread poster : posters) {
            poster.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 4000);
        assertThat(overlaps.get()).isZero();
    }
}
