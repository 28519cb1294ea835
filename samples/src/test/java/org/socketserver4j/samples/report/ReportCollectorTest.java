package org.socketserver4j.samples.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketserver4j.samples.Contender;
import org.socketserver4j.samples.Measurement;
import org.socketserver4j.samples.Style;
import org.socketserver4j.samples.Workload;

/** {@link ReportCollector} and {@link ReportRows}: workloads as {@code compare} measured them. */
class ReportCollectorTest {

    @Test
    void takesEachWorkloadsLoadFromItsMarkdownTable() {
        List<String> loads = SampleRun.report().workloads().stream().map(WorkloadReport::load).toList();

        assertThat(loads.get(0)).startsWith("4 connections to 127.0.0.1, each a closed loop of 64-byte echo");
        assertThat(loads.get(1)).startsWith("4 connections to 127.0.0.1, each a closed loop of 262,144-byte");
        assertThat(loads.get(2)).startsWith("4 UDP senders to 127.0.0.1");
        assertThat(loads.get(3)).startsWith("`wrk -t1 -c4`");
        assertThat(loads.get(4)).startsWith("10,000 idle connections");
        assertThat(loads.get(5)).startsWith("each server in its own JVM serves ChatHandler");
        assertThat(loads).noneMatch(load -> load.contains("\n") || load.contains("| server |"));
        assertThat(ReportCollector.load("no such table")).isEmpty();
    }

    @Test
    void namesTitlesUnitsAndTheReference() {
        List<WorkloadReport> workloads = SampleRun.report().workloads();

        assertThat(workloads).extracting(WorkloadReport::title).containsExactly("Echo", "Large messages",
                "UDP echo", "HTTP over TLS", "Idle connections held", "A flooded chat room");
        assertThat(workloads).extracting(WorkloadReport::rateUnit).containsExactly("requests", "MB", "datagrams",
                "requests", null, "lines");
        assertThat(workloads).extracting(WorkloadReport::reference).containsExactly("Netty NIO", "Netty NIO",
                "Netty NIO", "Netty NIO", null, null);
    }

    @Test
    void largeCountsMegabytesAndCpuPerMegabyte() {
        ReportRow row = SampleRun.report().workloads().get(1).rows().getFirst();

        assertThat(row.rate()).isEqualTo(2_000 * 262_144 / 1e6);
        assertThat(row.megabytesPerSecond()).isEqualTo(row.rate());
        assertThat(row.cpuMicrosPerUnit()).isEqualTo(900_000.0 / 2_000 * 1e6 / 262_144);
    }

    @Test
    void aFailedRowKeepsItsLabelAndReasonOnly() {
        ReportRow row = ReportRows.of(Measurement.failed(Contender.HYBRID, Style.BLOCKING, "why"), 64, false);

        assertThat(row.label()).isEqualTo("HybridServer blocking");
        assertThat(row.ok()).isFalse();
        assertThat(row.failure()).isEqualTo("why");
        assertThat(row.rate()).isNaN();
        assertThat(row.latency().points()).isEmpty();
        assertThat(row.peaks().known()).isFalse();
    }

    @Test
    void aWorkloadWithoutNettyHasNoReferenceAndNoRatios() {
        ReportCollector collected = new ReportCollector("compare", SampleRun.MACHINE, SampleRun.DATE);
        collected.closedLoop(Workload.ECHO, List.of(SampleRun.measured(Contender.SELECT, Style.EVENT, 10, 1000, 0)),
                64, "");
        WorkloadReport echo = collected.report().workloads().getFirst();

        assertThat(echo.reference()).isNull();
        assertThat(echo.referenceRow()).isEmpty();
        assertThat(echo.rateVsReference(echo.rows().getFirst())).isNaN();
    }
}
