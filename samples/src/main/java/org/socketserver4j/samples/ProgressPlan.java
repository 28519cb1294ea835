package org.socketserver4j.samples;

import java.time.Duration;
import java.util.List;

/**
 * The work a progress bar stands for: rows done one after the other, each expected to take its
 * duration. The bar's position is the time of the rows done plus the time spent in the current
 * row, at most its expected time: it moves with the clock, waits at the end of a row that takes
 * longer than expected, and jumps to the next row's start when a row ends early.
 *
 * @param rows each row's expected time, in the order they run
 */
record ProgressPlan(List<Duration> rows) {

    /** Checks the rows: none negative. */
    ProgressPlan {
        rows = List.copyOf(rows);
        if (rows.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("a row of negative duration: " + rows);
        }
    }

    /** All the rows' expected time, in milliseconds: the bar's 100%. */
    long totalMillis() {
        return rows.stream().mapToLong(Duration::toMillis).sum();
    }

    /**
     * Where the bar stands, in milliseconds, {@code elapsed} into row {@code row} (0 the first):
     * the rows before it, plus {@code elapsed} up to the row's own time. Before the first row 0;
     * past the last row, the total.
     */
    long doneMillis(int row, Duration elapsed) {
        if (row < 0) {
            return 0;
        }
        if (row >= rows.size()) {
            return totalMillis();
        }
        long before = rows.subList(0, row).stream().mapToLong(Duration::toMillis).sum();
        return before + Math.clamp(elapsed.toMillis(), 0, rows.get(row).toMillis());
    }
}
