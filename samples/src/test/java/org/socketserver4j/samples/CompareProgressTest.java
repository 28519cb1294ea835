package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The progress bar's arithmetic, its absence off a terminal, and the lines printed above it. */
class CompareProgressTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    @AfterEach
    void noTickerLeft() {
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-progress");
    }

    @Test
    void thePlanAddsItsRowsAndTheBarFollowsTheClockWithinARow() {
        ProgressPlan plan = new ProgressPlan(List.of(Duration.ofSeconds(4), Duration.ofMillis(1500),
                Duration.ofSeconds(5)));

        assertThat(plan.totalMillis()).isEqualTo(10_500);
        assertThat(plan.doneMillis(-1, Duration.ofHours(1))).as("before the first row").isZero();
        assertThat(plan.doneMillis(0, Duration.ZERO)).isZero();
        assertThat(plan.doneMillis(0, Duration.ofSeconds(3))).isEqualTo(3_000);
        assertThat(plan.doneMillis(0, Duration.ofSeconds(9))).as("a row that runs long waits at its end")
                .isEqualTo(4_000);
        assertThat(plan.doneMillis(1, Duration.ofMillis(200))).as("the next row starts where the last ended")
                .isEqualTo(4_200);
        assertThat(plan.doneMillis(2, Duration.ofSeconds(5))).isEqualTo(10_500);
        assertThat(plan.doneMillis(3, Duration.ZERO)).as("a row beyond the plan").isEqualTo(10_500);
        assertThat(new ProgressPlan(List.of()).totalMillis()).isZero();
        assertThatThrownBy(() -> new ProgressPlan(List.of(Duration.ofSeconds(-1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offATerminalItDrawsNothingAndTheLinesGoOutAsTheyAre() {
        PrintWriter errWriter = new PrintWriter(err, true);
        PrintWriter outWriter = new PrintWriter(out, true);
        try (CompareProgress progress = CompareProgress.open(errWriter, "compare",
                new ProgressPlan(List.of(Duration.ofSeconds(1))), OptionalInt.empty())) {
            assertThat(progress.err()).isSameAs(errWriter);
            assertThat(progress.above(outWriter)).isSameAs(outWriter);
            progress.row("HybridServer event");
            progress.err().println("compare: HybridServer event: starting");
            progress.above(outWriter).print("| table |\n");
        }

        assertThat(err.toString()).isEqualTo("compare: HybridServer event: starting" + System.lineSeparator());
        assertThat(out.toString()).isEqualTo("| table |\n");
    }

    @Test
    void onATerminalLinesArePrintedWholeAboveTheBarWhichEndsAtOneHundredPercent() {
        PrintWriter terminal = new PrintWriter(err, true);
        try (CompareProgress progress = CompareProgress.open(terminal, "compare",
                new ProgressPlan(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30))), OptionalInt.of(100))) {
            progress.row("HybridServer event");
            await().atMost(WAIT).until(() -> snapshot().contains("HybridServer event"));
            progress.err().print("compare: HybridServer event: ");
            progress.err().println("150,000 req/s");
            progress.above(terminal).print("| table |\n");
            progress.row("Netty NIO event");
            await().atMost(WAIT).until(() -> snapshot().contains("Netty NIO event"));
        }

        String shown = snapshot();
        assertThat(shown).contains("\r\033[Kcompare: HybridServer event: 150,000 req/s" + System.lineSeparator())
                .contains("\r\033[K| table |\n");
        String lastBar = shown.substring(shown.lastIndexOf("\r\033[K") + 4);
        assertThat(lastBar).startsWith("compare 100%").contains("Netty NIO event").endsWith(System.lineSeparator());
        assertThat(lastBar.strip().length()).as("within the terminal's 100 columns, colours aside")
                .isLessThan(100 + 40);
    }

    private String snapshot() {
        synchronized (err.getBuffer()) {
            return err.toString();
        }
    }
}
