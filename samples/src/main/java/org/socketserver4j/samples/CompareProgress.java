package org.socketserver4j.samples;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.SystemStream;

/**
 * The progress bar of {@code compare} and {@code load}, on standard error while standard error
 * is a terminal (jline's test, {@code test -t 2}; not a {@code TERM=dumb} one): it stands for the
 * planned rows' expected time ({@link ProgressPlan}), moves with the clock, shows the current
 * row's name and reaches 100% at {@link #close}. Lines printed meanwhile through {@link #err}
 * and {@link #above} appear above it, whole. Where standard error is no terminal (a file, a pipe,
 * tests, CI) it draws nothing: {@link #err} and {@link #above} give their writers back as they
 * are, and the output is what it was without a bar.
 */
final class CompareProgress implements AutoCloseable {

    /** How often the bar's position follows the clock. */
    static final Duration TICK = Duration.ofMillis(200);
    /** The width assumed of a terminal that does not tell its own. */
    private static final int DEFAULT_WIDTH = 80;

    private final ProgressPlan plan;
    /** The terminal's bar line, its bar and the thread that moves it; all {@code null} when off. */
    private final TerminalBarLine line;
    private final ProgressBar bar;
    private final ScheduledExecutorService ticker;
    private final PrintWriter errAbove;
    private int row = -1;
    private String rowName;
    private long rowStart;

    private CompareProgress(PrintWriter err, String task, ProgressPlan plan, OptionalInt terminalWidth) {
        this.plan = plan;
        if (terminalWidth.isEmpty()) {
            line = null;
            bar = null;
            ticker = null;
            errAbove = err;
            return;
        }
        line = new TerminalBarLine(err, terminalWidth.getAsInt());
        errAbove = line.above(err);
        bar = ProgressBar.builder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, plan.totalMillis()))
                .setUnit("s", 1000)
                .setUpdateIntervalMillis((int) TICK.toMillis())
                .continuousUpdate()
                .setConsumer(line)
                .build();
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("compare-progress").factory());
        ticker.scheduleAtFixedRate(this::follow, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * A bar over {@code plan} (each row's expected time, in the order they run) named {@code task},
     * on {@code err} if standard error is a terminal; otherwise none.
     */
    static CompareProgress open(PrintWriter err, String task, List<Duration> plan) {
        return open(err, task, new ProgressPlan(plan), standardErrorTerminalWidth());
    }

    /** A bar on {@code err} as on a terminal {@code terminalWidth} columns wide, or none if empty. */
    static CompareProgress open(PrintWriter err, String task, ProgressPlan plan, OptionalInt terminalWidth) {
        return new CompareProgress(err, task, plan, terminalWidth);
    }

    /**
     * The width of the terminal standard error is, if it is one, as jline's {@code exec} provider
     * finds it: {@code test -t 2}, then {@code stty} (neither loads jline's native library).
     */
    static OptionalInt standardErrorTerminalWidth() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return OptionalInt.empty();
        }
        try {
            ExecTerminalProvider exec = new ExecTerminalProvider();
            if (!exec.isPosixSystemStream(SystemStream.Error)) {
                return OptionalInt.empty();
            }
            int width = exec.systemStreamWidth(SystemStream.Error);
            return OptionalInt.of(width > 0 ? width : DEFAULT_WIDTH);
        } catch (RuntimeException | LinkageError e) {
            return OptionalInt.empty();
        }
    }

    /** Standard error for the lines printed meanwhile: above the bar, or {@code err} itself when there is none. */
    PrintWriter err() {
        return errAbove;
    }

    /** {@code out} (standard output, on the same terminal) printing above the bar, or itself when there is none. */
    PrintWriter above(PrintWriter out) {
        return line == null ? out : line.above(out);
    }

    /**
     * Row {@code name} starts: the next row of the plan, or the current one again if it has the
     * same name (measured again).
     */
    synchronized void row(String name) {
        if (!name.equals(rowName)) {
            row++;
            rowName = name;
            rowStart = System.nanoTime();
        }
        if (bar != null) {
            bar.setExtraMessage(name);
            follow();
        }
    }

    /** Moves the bar to where the plan puts it now, short of its end: 100% is for {@link #close}. */
    private synchronized void follow() {
        long done = plan.doneMillis(row, Duration.ofNanos(System.nanoTime() - rowStart));
        bar.stepTo(Math.min(done, bar.getMax() - 1));
    }

    /** Ends the bar at 100%, left on its line; later lines go straight through. */
    @Override
    public void close() {
        if (bar == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(TICK.toMillis() * 10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bar.stepTo(bar.getMax());
        bar.close();
        line.close();
        errAbove.flush();
    }
}
