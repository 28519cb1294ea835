package org.socketserver4j.samples.report;

import org.socketserver4j.samples.ChatFloodReport;
import org.socketserver4j.samples.HeldMeasurement;
import org.socketserver4j.samples.Measurement;
import org.socketserver4j.samples.ResourcePeaks;
import org.socketserver4j.samples.Style;

/** Makes report rows of the rows {@code compare} measures: the one place each kind is converted. */
public final class ReportRows {

    private ReportRows() {}

    /**
     * A closed loop's row ({@link Measurement}) with {@code messageSize} bytes per request (0:
     * not an echo of a known size, as HTTP); its rate counts MB (10^6 bytes echoed) if
     * {@code perMegabyte}, else requests (datagrams over UDP).
     */
    public static ReportRow of(Measurement row, int messageSize, boolean perMegabyte) {
        String server = row.contender().label();
        String style = row.style().toString();
        if (!row.ok()) {
            return ReportRow.failed(server, style, row.failed() ? row.failure() : row.describeNotOk());
        }
        double megabytesPerRequest = messageSize > 0 ? messageSize / 1e6 : Double.NaN;
        double unitsPerRequest = perMegabyte ? megabytesPerRequest : 1;
        return new ReportRow(server, style, null, row.requestsPerSecond() * unitsPerRequest,
                row.requestsPerSecond() * megabytesPerRequest,
                new ReportRow.Latency(row.p50Nanos(), row.p99Nanos(), row.p999Nanos(), row.maxNanos(),
                        row.latencyCurve()),
                row.serverCpuMicrosPerRequest() / unitsPerRequest, row.serverCores(), row.clientCores(),
                row.machineCores(), row.lost(), row.peaks(), null, null);
    }

    /** A held workload's row: its readings while holding are the peaks. */
    public static ReportRow of(HeldMeasurement row) {
        String server = row.contender().label();
        String style = row.style().toString();
        if (!row.ok()) {
            return ReportRow.failed(server, style, row.failed() ? row.failure() : row.describeNotOk());
        }
        ReportRow.HeldFigures held = new ReportRow.HeldFigures(row.held(), row.busy(), row.idleRssBytes(),
                row.idleThreads(), row.idleHeapUsedBytes(), row.rssBytesPerConnection(),
                row.heapBytesPerConnection(), row.openMillis(), row.notEchoingAfter(), row.gcDone());
        return new ReportRow(server, style, null, Double.NaN, Double.NaN, ReportRow.Latency.UNKNOWN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                new ResourcePeaks(row.threads(), row.heapUsedBytes(), row.rssBytes()), held, null);
    }

    /**
     * A chat flood's row: its rate is lines B received per second (from A's first line to B's
     * last), its resident set the server's at the end of the flood; served in the event style.
     */
    public static ReportRow of(ChatFloodReport.Row row) {
        String server = row.contender().label();
        String style = Style.EVENT.toString();
        if (!row.ok()) {
            return ReportRow.failed(server, style, row.failed() ? row.failure() : row.describeNotOk());
        }
        long millis = row.result().receiveMillis();
        double rate = millis > 0 ? row.result().received() * 1e3 / millis : Double.NaN;
        return new ReportRow(server, style, null, rate, Double.NaN, ReportRow.Latency.UNKNOWN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, new ResourcePeaks(-1, -1, row.serverRssBytes()),
                null, row.result());
    }
}
