package org.socketserver4j.samples.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.socketserver4j.samples.ChatFloodReport;
import org.socketserver4j.samples.Contender;
import org.socketserver4j.samples.HeldMeasurement;
import org.socketserver4j.samples.MachineInfo;
import org.socketserver4j.samples.Measurement;
import org.socketserver4j.samples.ScaleMeasurement;
import org.socketserver4j.samples.SelectorChoice;
import org.socketserver4j.samples.Workload;

/**
 * Collects the report of a {@code compare} run, a workload at a time as each is measured, and
 * writes it as JSON and HTML where asked. A workload's load description is the one its Markdown
 * table gives, so the two never disagree.
 */
public final class ReportCollector {

    /** The paragraph after a table's "Machine:" line, less its "Load:" or "Workload NAME:" lead. */
    private static final Pattern LOAD = Pattern.compile(
            "^Machine: .*\\R(?:Load|Workload [\\w-]+): (.+?)\\R\\R", Pattern.MULTILINE | Pattern.DOTALL);

    /** An open loop's rate in a load description. */
    private static final Pattern OPEN_LOOP = Pattern.compile("open loop at ([\\d,]+) req/s");

    private final String command;
    private final MachineInfo machine;
    private final OffsetDateTime date;
    private final List<WorkloadReport> workloads = new ArrayList<>();

    /** Starts the report of a run of {@code command} on {@code machine}, dated now. */
    public ReportCollector(String command, MachineInfo machine) {
        this(command, machine, OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** Starts the report of a run of {@code command} on {@code machine} that started at {@code date}. */
    public ReportCollector(String command, MachineInfo machine, OffsetDateTime date) {
        this.command = command;
        this.machine = machine;
        this.date = date;
    }

    /**
     * Adds a closed- or open-loop workload's rows ({@code messageSize} bytes per request, 0 if none)
     * and its Markdown table (an open loop's rate is read from its load description).
     */
    public void closedLoop(Workload workload, List<Measurement> rows, int messageSize, String markdown) {
        boolean perMegabyte = workload == Workload.LARGE;
        int targetRate = targetRate(load(markdown));
        add(workload, unit(workload), markdown, targetRate,
                rows.stream().map(row -> ReportRows.of(row, messageSize, perMegabyte, targetRate)));
    }

    /** Adds the held workload's rows and its Markdown table. */
    public void held(List<HeldMeasurement> rows, String markdown) {
        add(Workload.HELD, null, markdown, 0, rows.stream().map(ReportRows::of));
    }

    /**
     * Adds the scale workload's rows ({@code messageSize} bytes per busy request), each alone and
     * beside the idle connections, and its Markdown table.
     */
    public void scale(List<ScaleMeasurement> rows, int messageSize, String markdown) {
        add(Workload.SCALE, unit(Workload.SCALE), markdown, 0,
                rows.stream().map(row -> ReportRows.of(row, messageSize)));
    }

    /** Adds the chat-flood workload's rows and its Markdown table. */
    public void chatFlood(List<ChatFloodReport.Row> rows, String markdown) {
        add(Workload.CHAT_FLOOD, "lines", markdown, 0, rows.stream().map(ReportRows::of));
    }

    private void add(Workload workload, String unit, String markdown, int targetRate, Stream<ReportRow> made) {
        List<ReportRow> rows = made.toList();
        String reference = rows.stream().map(ReportRow::server).anyMatch(Contender.NETTY.label()::equals)
                ? Contender.NETTY.label() : null;
        workloads.add(new WorkloadReport(workload.toString(), title(workload), load(markdown), unit, reference,
                targetRate, rows));
    }

    /** The report of the workloads added so far. */
    public RunReport report() {
        boolean severalSelectors = workloads.stream().flatMap(workload -> workload.rows().stream())
                .map(ReportRow::selector).filter(selector -> !selector.equals(SelectorChoice.NONE.label()))
                .distinct().count() > 1;
        return new RunReport(command, machine, date, workloads.stream()
                .map(workload -> workload.withRows(workload.rows().stream()
                        .map(row -> row.withName(row.name().showingSelector(severalSelectors))).toList()))
                .toList());
    }

    /**
     * Writes the report so far as JSON to {@code json} and as HTML to {@code html}, each unless
     * {@code null}, and says where on {@code err}.
     */
    public void write(Path json, Path html, PrintWriter err) throws IOException {
        RunReport report = report();
        write(json, "JSON", file -> JsonReport.write(report, file), err);
        write(html, "HTML report", file -> HtmlReport.write(report, file), err);
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    private static void write(Path file, String what, Writer writer, PrintWriter err) throws IOException {
        if (file == null) {
            return;
        }
        writer.write(file);
        err.println("compare: " + what + " written to " + file.toAbsolutePath().normalize());
        err.flush();
    }

    /** A heading for {@code workload}. */
    static String title(Workload workload) {
        return switch (workload) {
            case ECHO -> "Echo";
            case LARGE -> "Large messages";
            case HELD -> "Idle connections held";
            case CHAT_FLOOD -> "A flooded chat room";
            case UDP_ECHO -> "UDP echo";
            case TLS_ECHO -> "Echo over TLS";
            case TLS_HTTP -> "HTTP over TLS";
            case HTTP -> "HTTP";
            case HTTP_PIPELINED -> "Pipelined HTTP";
            case RESP -> "Redis protocol (RESP)";
            case CHURN -> "A new connection per request";
            case SCALE -> "Busy connections beside idle ones";
            default -> workload.toString();
        };
    }

    /** What {@code workload}'s rate counts: MB (large), datagrams (udp-echo), connections (churn) or requests. */
    static String unit(Workload workload) {
        return switch (workload) {
            case LARGE -> "MB";
            case UDP_ECHO -> "datagrams";
            case CHURN -> "connections";
            default -> "requests";
        };
    }

    /** The rate of the open loop {@code load} describes, requests/s, or 0 if it describes none. */
    static int targetRate(String load) {
        Matcher rate = OPEN_LOOP.matcher(load);
        return rate.find() ? Integer.parseInt(rate.group(1).replace(",", "")) : 0;
    }

    /** The load description of a workload's Markdown table, or "" if it has none. */
    static String load(String markdown) {
        Matcher load = LOAD.matcher(markdown);
        return load.find() ? load.group(1).replaceAll("\\s*\\R\\s*", " ").strip() : "";
    }
}
