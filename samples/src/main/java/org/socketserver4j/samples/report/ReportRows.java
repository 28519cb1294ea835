package org.socketserver4j.samples.report;

import org.socketserver4j.samples.ChatFloodReport;
import org.socketserver4j.samples.CompareReport;
import org.socketserver4j.samples.Contender;
import org.socketserver4j.samples.HeldMeasurement;
import org.socketserver4j.samples.Measurement;
import org.socketserver4j.samples.ResourcePeaks;
import org.socketserver4j.samples.ScaleMeasurement;
import org.socketserver4j.samples.SelectorChoice;
import org.socketserver4j.samples.Style;

/** Makes report rows of the rows {@code compare} measures: the one place each kind is converted. */
public final class ReportRows {

    private ReportRows() {}

    /**
     * A closed loop's row ({@link Measurement}) with {@code messageSize} bytes per request (0:
     * not an echo of a known size, as HTTP); its rate counts MB (10^6 bytes echoed) if
     * {@code perMegabyte}, else requests (datagrams over UDP, connections in churn).
     */
    public static ReportRow of(Measurement row, int messageSize, boolean perMegabyte) {
        return of(row, messageSize, perMegabyte, 0);
    }

    /**
     * {@link #of(Measurement, int, boolean)} of an open loop at {@code targetRate} requests/s (0:
     * a closed loop), the row flagged {@link ReportRow#behind()} if it could not keep up.
     */
    public static ReportRow of(Measurement row, int messageSize, boolean perMegabyte, int targetRate) {
        ReportRow.Name name = name(row.contender(), row.style(), row.selector());
        if (!row.ok()) {
            return notOk(name, row.failure(), row.notRun());
        }
        double megabytesPerRequest = messageSize > 0 ? messageSize / 1e6 : Double.NaN;
        double unitsPerRequest = perMegabyte ? megabytesPerRequest : 1;
        return new ReportRow(name, null, null, row.requestsPerSecond() * unitsPerRequest,
                row.requestsPerSecond() * megabytesPerRequest,
                new ReportRow.Latency(row.p50Nanos(), row.p99Nanos(), row.p999Nanos(), row.maxNanos(),
                        row.latencyCurve()),
                row.serverCpuMicrosPerRequest() / unitsPerRequest, row.serverCores(), row.clientCores(),
                row.machineCores(), row.lost(), row.peaks(), null, null, null, CompareReport.behind(targetRate, row));
    }

    /** A held workload's row: its readings while holding are the peaks. */
    public static ReportRow of(HeldMeasurement row) {
        ReportRow.Name name = name(row.contender(), row.style(), row.selector());
        if (!row.ok()) {
            return notOk(name, row.failure(), row.notRun());
        }
        return new ReportRow(name, null, null, Double.NaN, Double.NaN, ReportRow.Latency.UNKNOWN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, heldPeaks(row), heldFigures(row), null, null, false);
    }

    /**
     * A scale workload's row ({@code messageSize} bytes per request): the busy echo beside the idle
     * connections, its {@link ReportRow#alone()} the same echo with none open, its peaks and held
     * figures those read with every connection open.
     */
    public static ReportRow of(ScaleMeasurement row, int messageSize) {
        ReportRow.Name name = name(row.contender(), row.style(), row.selector());
        if (!row.ok()) {
            Measurement part = row.alone().ok() ? row.beside() : row.alone();
            return part.ok() ? notOk(name, row.held().failure(), row.held().notRun())
                    : notOk(name, part.failure(), part.notRun());
        }
        ReportRow beside = of(row.beside(), messageSize, false);
        return new ReportRow(name, null, null, beside.rate(), beside.megabytesPerSecond(), beside.latency(),
                beside.cpuMicrosPerUnit(), beside.serverCores(), beside.clientCores(), beside.machineCores(),
                beside.lost(), heldPeaks(row.held()), heldFigures(row.held()), null,
                of(row.alone(), messageSize, false), false);
    }

    /**
     * A chat flood's row: its rate is lines B received per second (from A's first line to B's
     * last), its resident set the server's at the end of the flood; served in the event style.
     */
    public static ReportRow of(ChatFloodReport.Row row) {
        ReportRow.Name name = name(row.contender(), Style.EVENT, row.selector());
        if (!row.ok()) {
            return notOk(name, row.failure(), row.notRun());
        }
        long millis = row.result().receiveMillis();
        double rate = millis > 0 ? row.result().received() * 1e3 / millis : Double.NaN;
        return new ReportRow(name, null, null, rate, Double.NaN, ReportRow.Latency.UNKNOWN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, new ResourcePeaks(-1, -1, row.serverRssBytes()),
                null, row.result(), null, false);
    }

    private static ReportRow.Name name(Contender contender, Style style, SelectorChoice selector) {
        return new ReportRow.Name(contender.label(), style.toString(), selector.label());
    }

    /** The row of a measurement that is not ok: failed with {@code failure}, else not run as {@code notRun} says. */
    private static ReportRow notOk(ReportRow.Name name, String failure, String notRun) {
        return failure != null ? ReportRow.failed(name, failure) : ReportRow.notRun(name, notRun);
    }

    private static ResourcePeaks heldPeaks(HeldMeasurement row) {
        return new ResourcePeaks(row.threads(), row.heapUsedBytes(), row.rssBytes());
    }

    private static ReportRow.HeldFigures heldFigures(HeldMeasurement row) {
        return new ReportRow.HeldFigures(row.held(), row.busy(), row.idleRssBytes(), row.idleThreads(),
                row.idleHeapUsedBytes(), row.rssBytesPerConnection(), row.heapBytesPerConnection(), row.openMillis(),
                row.notEchoingAfter(), row.gcDone());
    }
}
