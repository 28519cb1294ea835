package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;

/** What a test leaves running: it waits until no live thread has one of the given name prefixes. */
final class ThreadsLeft {

    private ThreadsLeft() {}

    /** Waits at most {@code wait} until no live thread's name starts with one of {@code prefixes}. */
    static void awaitNoneNamed(Duration wait, String... prefixes) {
        await().pollDelay(Duration.ZERO).atMost(wait).untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive)
                .extracting(Thread::getName)
                .noneMatch(name -> Arrays.stream(prefixes).anyMatch(name::startsWith)));
    }
}
