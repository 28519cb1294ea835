package org.socketserver4j.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which selects count as spinning, and when a rebuild is called for. */
class SelectSpinDetectorTest {

    @Test
    void earlyEmptyUnwokenSelectsInARowCallForARebuild() {
        SelectSpinDetector detector = new SelectSpinDetector(3);
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isFalse();
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isFalse();
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isTrue();
        assertThat(detector.spun(0, false, false, 0, 1_000)).as("count starts over").isFalse();
    }

    @Test
    void usefulSelectsStartTheCountOver() {
        SelectSpinDetector detector = new SelectSpinDetector(2);
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isFalse();
        assertThat(detector.spun(1, false, false, 1000, 1_000)).as("a key was ready").isFalse();
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isFalse();
        assertThat(detector.spun(0, true, false, 1000, 1_000)).as("woken up").isFalse();
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isFalse();
        assertThat(detector.spun(0, false, true, 1000, 1_000)).as("tasks pending").isFalse();
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isFalse();
        assertThat(detector.spun(0, false, false, 10, 10_000_000)).as("timed out normally").isFalse();
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isFalse();
        assertThat(detector.spun(0, false, false, 1000, 1_000)).isTrue();
    }
}
