package org.socketserver4j.samples.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One workload of a run and its rows, one per server (and style) measured.
 *
 * @param name the workload's name on the command line, e.g. {@code echo}
 * @param title a heading for people, e.g. {@code Echo}
 * @param load how the load was made (a sentence or a few; may hold Markdown {@code `code`})
 * @param rateUnit what the rows' rate counts per second, e.g. {@code requests}, {@code datagrams},
 *     {@code MB}; {@code null} when the workload has no rate (held)
 * @param reference the label of the reference server ({@code Netty NIO}) when it has a row, or {@code null}
 * @param rows the rows, in the order measured
 */
public record WorkloadReport(String name, String title, String load, String rateUnit, String reference,
        List<ReportRow> rows) {

    /** Checks the arguments and copies the list. */
    public WorkloadReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(load, "load");
        rows = List.copyOf(rows);
    }

    /** The reference server's measured row, if there is one. */
    public Optional<ReportRow> referenceRow() {
        return rows.stream().filter(row -> row.ok() && row.server().equals(reference)).findFirst();
    }

    /** {@code row}'s rate over the reference row's, or NaN without one. */
    public double rateVsReference(ReportRow row) {
        return referenceRow().map(ref -> row.rate() / ref.rate()).orElse(Double.NaN);
    }

    /** {@code row}'s server CPU per unit over the reference row's, or NaN without one. */
    public double cpuVsReference(ReportRow row) {
        return referenceRow().map(ref -> row.cpuMicrosPerUnit() / ref.cpuMicrosPerUnit()).orElse(Double.NaN);
    }
}
