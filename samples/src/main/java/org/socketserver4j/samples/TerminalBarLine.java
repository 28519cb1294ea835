package org.socketserver4j.samples;

import java.io.PrintWriter;
import java.io.Writer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The last line of a terminal, which a progress bar keeps redrawing, and the lines printed above
 * it: each complete line written through {@link #above} clears the bar's line, is printed, and
 * the bar is drawn again below it, so that neither mangles the other. Closed, it leaves the bar
 * as last drawn on a line of its own and passes later lines straight through.
 */
final class TerminalBarLine implements ProgressBarConsumer {

    /** Back to the line's start, then erase to its end. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter terminal;
    private final int width;
    private String bar = "";
    private boolean closed;

    /** A bar line of {@code width} columns drawn on {@code terminal}. */
    TerminalBarLine(PrintWriter terminal, int width) {
        this.terminal = terminal;
        this.width = width;
    }

    /** The widest the bar may be drawn: one column short of the terminal's, so it never wraps. */
    @Override
    public int getMaxRenderedLength() {
        return Math.max(1, width - 1);
    }

    /** Draws the bar {@code rendered} in place of the last one. */
    @Override
    public synchronized void accept(String rendered) {
        if (closed) {
            return;
        }
        bar = rendered;
        terminal.print(CLEAR_LINE + bar);
        terminal.flush();
    }

    /**
     * Prints {@code lines} (complete lines) to {@code destination}, the terminal or another stream
     * on it, above the bar: clears the bar's line, prints, draws the bar again.
     */
    synchronized void printAbove(PrintWriter destination, String lines) {
        if (!closed) {
            terminal.print(CLEAR_LINE);
            terminal.flush();
        }
        destination.print(lines);
        destination.flush();
        if (!closed) {
            terminal.print(bar);
            terminal.flush();
        }
    }

    /** Ends the bar's line: the bar stays as last drawn; later lines go straight through. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            terminal.println();
            terminal.flush();
        }
    }

    /**
     * A writer whose complete lines go to {@code destination} above the bar (which shares its
     * terminal); a last line without its end is held until it ends, or, once the bar is closed,
     * until the writer is flushed.
     */
    PrintWriter above(PrintWriter destination) {
        return new PrintWriter(new LinesAbove(destination), true);
    }

    /** Collects text into complete lines for {@link #printAbove}. */
    private final class LinesAbove extends Writer {

        private final PrintWriter destination;
        private final StringBuilder pending = new StringBuilder();

        LinesAbove(PrintWriter destination) {
            this.destination = destination;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            synchronized (this) {
                pending.append(chars, offset, length);
                int end = pending.lastIndexOf("\n") + 1;
                if (end > 0) {
                    printAbove(destination, pending.substring(0, end));
                    pending.delete(0, end);
                }
            }
        }

        /** Once the bar is closed, also prints a last line without its end. */
        @Override
        public void flush() {
            synchronized (this) {
                synchronized (TerminalBarLine.this) {
                    if (closed && !pending.isEmpty()) {
                        printAbove(destination, pending.toString());
                        pending.setLength(0);
                    }
                }
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
