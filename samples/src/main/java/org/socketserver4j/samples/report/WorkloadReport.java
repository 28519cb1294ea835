package org.socketserver4j.samples.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.socketserver4j.samples.Contender;

/**
 * One workload of a run and its rows, one per server (style and selector) measured.
 *
 * @param name the workload's name on the command line, e.g. {@code echo}
 * @param title a heading for people, e.g. {@code Echo}
 * @param load how the load was made (a sentence or a few; may hold Markdown {@code `code`})
 * @param rateUnit what the rows' rate counts per second, e.g. {@code requests}, {@code datagrams},
 *     {@code MB}, {@code connections}; {@code null} when the workload has no rate (held)
 * @param reference the label of the reference server ({@code Netty NIO}) when it has a row, or {@code null}
 * @param targetRate an open loop's rate asked for, requests per second, or 0 for closed loops
 * @param rows the rows, in the order measured
 */
public record WorkloadReport(String name, String title, String load, String rateUnit, String reference,
        int targetRate, List<ReportRow> rows) {

    /** Checks the arguments and copies the list. */
    public WorkloadReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(load, "load");
        rows = List.copyOf(rows);
    }

    /** This workload with {@code rows} instead of its own. */
    WorkloadReport withRows(List<ReportRow> rows) {
        return new WorkloadReport(name, title, load, rateUnit, reference, targetRate, rows);
    }

    /** The reference server's first measured row, if there is one. */
    public Optional<ReportRow> referenceRow() {
        return rows.stream().filter(row -> row.ok() && row.server().equals(reference)).findFirst();
    }

    /**
     * The reference row {@code row} is compared with: the reference server's on the same selector,
     * else on its default (epoll; for the rows without a selector of their own), else its first.
     */
    public Optional<ReportRow> referenceRow(ReportRow row) {
        return referenceOn(row.selector())
                .or(() -> referenceOn(Contender.NETTY.selector().label()))
                .or(this::referenceRow);
    }

    private Optional<ReportRow> referenceOn(String selector) {
        return rows.stream()
                .filter(row -> row.ok() && row.server().equals(reference) && row.selector().equals(selector))
                .findFirst();
    }

    /** {@code row}'s rate over its reference row's, or NaN without one. */
    public double rateVsReference(ReportRow row) {
        return referenceRow(row).map(ref -> row.rate() / ref.rate()).orElse(Double.NaN);
    }

    /** {@code row}'s server CPU per unit over its reference row's, or NaN without one. */
    public double cpuVsReference(ReportRow row) {
        return referenceRow(row).map(ref -> row.cpuMicrosPerUnit() / ref.cpuMicrosPerUnit()).orElse(Double.NaN);
    }

    /** Whether it is an open loop ({@link #targetRate()} asked for). */
    public boolean openLoop() {
        return targetRate > 0;
    }

    /** Whether its rows measured the busy echo alone and beside idle connections (the scale workload). */
    public boolean alongside() {
        return rows.stream().anyMatch(row -> row.alone() != null);
    }

    /** The idle connections its measured rows held (held, scale), if they did. */
    public OptionalInt heldConnections() {
        return rows.stream().filter(row -> row.ok() && row.held() != null).mapToInt(row -> row.held().held())
                .findFirst();
    }
}
