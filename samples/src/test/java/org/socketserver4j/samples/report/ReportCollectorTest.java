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
        assertThat(loads.get(1)).startsWith("4 connections to 127.0.0.1, together an open loop at 2,000 req/s");
        assertThat(loads.get(2)).startsWith("4 UDP senders to 127.0.0.1");
        assertThat(loads.get(3)).startsWith("`wrk -t1 -c4`");
        assertThat(loads.get(4)).startsWith("10,000 idle connections");
        assertThat(loads.get(5)).startsWith("each server in its own JVM serves ChatHandler");
        assertThat(loads.get(6)).startsWith("4 busy connections to 127.0.0.1, each a closed loop of 64-byte echo"
                + " requests (one in flight), measured alone, then again beside 10,000 idle connections");
        assertThat(loads.get(7)).startsWith("4 clients to 127.0.0.1, each a loop of: connect");
        assertThat(loads).noneMatch(load -> load.contains("\n") || load.contains("| server |"));
        assertThat(ReportCollector.load("no such table")).isEmpty();
    }

    @Test
    void namesTitlesUnitsAndTheReference() {
        List<WorkloadReport> workloads = SampleRun.report().workloads();

        assertThat(workloads).extracting(WorkloadReport::title).containsExactly("Echo", "Large messages",
                "UDP echo", "HTTP over TLS", "Idle connections held", "A flooded chat room",
                "Busy connections beside idle ones", "A new connection per request");
        assertThat(workloads).extracting(WorkloadReport::rateUnit).containsExactly("requests", "MB", "datagrams",
                "requests", null, "lines", "requests", "connections");
        assertThat(workloads).extracting(WorkloadReport::reference).containsExactly("Netty NIO", "Netty NIO",
                "Netty NIO", "Netty NIO", null, null, "Netty NIO", "Netty NIO");
    }

    @Test
    void largeCountsMegabytesAndCpuPerMegabyte() {
        ReportRow row = SampleRun.report().workloads().get(1).rows().getFirst();

        assertThat(row.rate()).isEqualTo(1_990 * 262_144 / 1e6);
        assertThat(row.megabytesPerSecond()).isEqualTo(row.rate());
        assertThat(row.cpuMicrosPerUnit()).isCloseTo(900_000.0 / 1_990 * 1e6 / 262_144, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void churnCountsConnectionsAndCpuPerConnection() {
        ReportRow row = SampleRun.report().workloads().get(7).rows().getFirst();

        assertThat(row.rate()).isEqualTo(20_000);
        assertThat(row.cpuMicrosPerUnit()).isEqualTo(900_000.0 / 20_000);
    }

    @Test
    void labelsNameTheSelectorInARunOfSeveralExceptForThreadsWithoutOne() {
        List<ReportRow> echo = SampleRun.report().workloads().getFirst().rows();

        assertThat(echo).extracting(ReportRow::label).containsExactly("SelectServer event · epoll",
                "HybridServer blocking · epoll", "SelectServer event · poll", "ThreadingServer event",
                "Netty NIO event · epoll");
        assertThat(echo).extracting(ReportRow::selector).containsExactly("epoll", "epoll", "poll", "none", "epoll");
        ReportCollector oneSelector = new ReportCollector("compare", SampleRun.MACHINE, SampleRun.DATE);
        oneSelector.closedLoop(Workload.ECHO, List.of(SampleRun.measured(Contender.SELECT, Style.EVENT, 10, 1000, 0)),
                64, "");
        assertThat(oneSelector.report().workloads().getFirst().rows().getFirst().label())
                .isEqualTo("SelectServer event");
    }

    @Test
    void aRowIsComparedWithTheReferenceOnItsSelectorElseOnEpoll() {
        WorkloadReport echo = SampleRun.report().workloads().getFirst();
        ReportRow poll = echo.rows().get(2);

        assertThat(echo.referenceRow(poll)).hasValueSatisfying(ref -> assertThat(ref.selector()).isEqualTo("epoll"));
        assertThat(echo.rateVsReference(poll)).isEqualTo(80_000 / 95_000.0);
    }

    @Test
    void scaleRowsHoldTheBusyEchoBesideTheIdleConnectionsAndAlone() {
        WorkloadReport scale = SampleRun.report().workloads().get(6);
        ReportRow poll = scale.rows().get(1);

        assertThat(scale.alongside()).isTrue();
        assertThat(scale.heldConnections()).hasValue(10_000);
        assertThat(poll.label()).isEqualTo("SelectServer event · poll");
        assertThat(poll.rate()).isEqualTo(12_000);
        assertThat(poll.alone().rate()).isEqualTo(100_000);
        assertThat(poll.cpuMicrosPerUnit()).isEqualTo(900_000.0 / 12_000);
        assertThat(poll.alone().cpuMicrosPerUnit()).isEqualTo(900_000.0 / 100_000);
        assertThat(poll.latency().p99Nanos()).isGreaterThan(poll.alone().latency().p99Nanos());
        assertThat(poll.peaks().rssBytes()).isEqualTo(90L << 20);
        assertThat(poll.held().held()).isEqualTo(10_000);
    }

    @Test
    void aServerThatDidNotTakePartIsNotRunNotFailed() {
        ReportRow forking = SampleRun.report().workloads().get(6).rows().get(3);

        assertThat(forking.ok()).isFalse();
        assertThat(forking.failed()).isFalse();
        assertThat(forking.notRun()).isEqualTo("a JVM per connection");
        assertThat(forking.describeNotOk()).isEqualTo("not run: a JVM per connection");
        assertThat(forking.alone()).isNull();
    }

    @Test
    void anOpenLoopKnowsItsRateAndTheRowsBehindIt() {
        WorkloadReport large = SampleRun.report().workloads().get(1);

        assertThat(large.targetRate()).isEqualTo(SampleRun.LARGE_RATE);
        assertThat(large.rows()).extracting(ReportRow::behind).containsExactly(false, true);
        assertThat(SampleRun.report().workloads().getFirst().openLoop()).isFalse();
        assertThat(ReportCollector.targetRate("4 connections, together an open loop at 20,000 req/s (each"))
                .isEqualTo(20_000);
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
