package org.socketserver4j.samples;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The Markdown table of the {@code chat-flood} workload: how each server's chat room copes with a flood. */
public final class ChatFloodReport {

    private ChatFloodReport() {}

    /**
     * What the {@code chat-flood} workload ran.
     *
     * @param command the command line that reproduces it, every option spelled out
     * @param lines lines member A sends
     * @param timeLimit the time limit of one server's flood
     */
    public record Settings(String command, int lines, Duration timeLimit, Duration cSilence) {

        /** The settings of floods that read C's connection at the end until {@link ChatFlood#C_CHECK} of silence. */
        public Settings(String command, int lines, Duration timeLimit) {
            this(command, lines, timeLimit, ChatFlood.C_CHECK);
        }
    }

    /**
     * One server's flood.
     *
     * @param contender the server (serving {@code ChatHandler}, event style)
     * @param result what happened, or {@code null} if it failed
     * @param serverRssBytes the server's resident set at the end of the flood, or -1
     * @param failure why the flood could not be run (the server did not start, a member could
     *     not join), or {@code null}
     * @param selector the selector the server's connections waited on
     * @param notRun why the server did not take part (not a failure), or {@code null}
     */
    public record Row(Contender contender, ChatFlood.Result result, long serverRssBytes, String failure,
            SelectorChoice selector, String notRun) {

        /** Checks the arguments. */
        public Row {
            Objects.requireNonNull(contender, "contender");
            Objects.requireNonNull(selector, "selector");
            if ((result == null) == (failure == null && notRun == null)) {
                throw new IllegalArgumentException("a row has either a result, a failure or a reason not to run");
            }
        }

        /** A row on {@code contender}'s default selector: a result, or why it could not be run. */
        public Row(Contender contender, ChatFlood.Result result, long serverRssBytes, String failure) {
            this(contender, result, serverRssBytes, failure, contender.selector(), null);
        }

        /** The row of a server that did not take part, and why: not a failure. */
        public static Row notRun(Contender contender, String why) {
            return new Row(contender, null, -1, null, contender.selector(), Objects.requireNonNull(why, "why"));
        }

        /** This row as run on {@code selector}. */
        public Row withSelector(SelectorChoice selector) {
            return new Row(contender, result, serverRssBytes, failure, selector, notRun);
        }

        /** Whether the flood was run (whatever its outcome). */
        public boolean ok() {
            return failure == null && notRun == null;
        }

        /** Whether it failed: the flood was to be run and could not be. */
        public boolean failed() {
            return failure != null;
        }

        /** What a row that is not {@link #ok()} says: {@code failed: ...} or {@code not run: ...}. */
        public String describeNotOk() {
            return failure != null ? "failed: " + failure : notRun != null ? "not run: " + notRun : "run";
        }
    }

    /** The report: a header (command, machine, workload), the table and a reading note, ending with a newline. */
    public static String markdown(MachineInfo machine, Settings settings, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(settings.command()).append("`\n\n");
        md.append("Machine: ").append(machine.describe()).append(".\n");
        md.append(String.format(Locale.ROOT, "Workload chat-flood: each server in its own JVM serves ChatHandler"
                + " (event style, the only one it comes in); over 127.0.0.1 member C joins and never reads, member"
                + " B joins and reads everything, member A joins and sends %,d lines of %,d bytes as fast as the"
                + " server takes them; at most %s per server, then every connection is closed. Netty serves no"
                + " chat, and ForkingServer gives every connection a room of its own: neither is run.\n\n",
                settings.lines(), ChatFlood.LINE_SIZE, DurationConverter.format(settings.timeLimit())));
        md.append("| server | style | selector | B got | in order | B cut off | B's last line s | A sent | A's longest write ms"
                + " | A stalled"
                + " | C disconnected | C told why | left for C KiB | server RSS MiB | all well |\n");
        md.append("|---|---|---|---:|---|---|---:|---:|---:|---|---|---|---:|---:|---|\n");
        for (Row row : rows) {
            String start = CompareReport.rowStart(row.contender(), Style.EVENT, row.selector());
            if (!row.ok()) {
                md.append(CompareReport.notOkRow(start, row.describeNotOk(), 11));
                continue;
            }
            md.append(start);
            ChatFlood.Result r = row.result();
            md.append(String.join(" | ",
                    String.format(Locale.ROOT, "%,d of %,d", r.received(), r.lines()),
                    yesNo(r.inOrder()),
                    r.bEnded() && r.bToldTooSlow() ? "yes, told: too slow" : yesNo(r.bEnded()),
                    r.receiveMillis() < 0 ? CompareReport.NONE
                            : String.format(Locale.ROOT, "%.1f", r.receiveMillis() / 1e3),
                    String.format(Locale.ROOT, "%,d", r.sent()),
                    String.format(Locale.ROOT, "%,d", r.longestWriteMillis()),
                    yesNo(r.aStalled()),
                    yesNo(r.cDisconnected()),
                    yesNo(r.cTold()),
                    String.format(Locale.ROOT, "%,d", r.cBacklogBytes() >> 10),
                    row.serverRssBytes() < 0 ? CompareReport.NONE
                            : String.format(Locale.ROOT, "%,.1f", row.serverRssBytes() / (double) (1 << 20)),
                    r.ok() ? "yes" : "**no**"))
                    .append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nB got: A's lines B received within the time limit; in order: in"
                + " the order sent, none missing between; B cut off: the server ended B's connection before B got"
                + " them all (told: with its `! disconnected` line, though B read all the time); B's last line s:"
                + " from A's first line to B receiving"
                + " the last it got; A sent: lines A's writes handed over before the time limit; A stalled: A"
                + " could not send every line, or one write blocked %s or more (the server stopped reading A);"
                + " C disconnected: the server had ended C's connection by the end (read afterwards until it ended or stayed silent for %s);"
                + " C told why: its last line was the server's `! disconnected`; left for C: bytes C had not"
                + " read, its socket buffers and the end of the stream; all well: B got all, A never stalled"
                + " and C was disconnected. %s%n", DurationConverter.format(ChatFlood.STALL),
                DurationConverter.format(settings.cSilence()), CompareReport.SELECTOR_NOTE));
        return md.toString();
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
