package org.socketserver4j.samples.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketserver4j.samples.LatencyPoint;

/** {@link JsonReport}: the run parsed back, every row present, unknown numbers null. */
class JsonReportTest {

    @TempDir
    Path tmp;

    private JsonNode parsed() throws Exception {
        Path file = tmp.resolve("run.json");
        JsonReport.write(SampleRun.report(), file);
        return new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void holdsTheRunAndEveryRowOfEveryWorkload() throws Exception {
        JsonNode run = parsed();

        assertThat(run.get("command").asText()).isEqualTo(SampleRun.COMMAND);
        assertThat(run.get("date").asText()).isEqualTo("2026-12-01T05:00Z");
        assertThat(run.get("machine").get("cores").asInt()).isEqualTo(2);
        assertThat(run.get("machine").get("description").asText()).isEqualTo(SampleRun.MACHINE.describe());
        List<String> names = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (JsonNode workload : run.get("workloads")) {
            names.add(workload.get("name").asText());
            workload.get("rows").forEach(row -> rows.add(workload.get("name").asText() + ": " + row.get("label").asText()));
        }
        assertThat(names).containsExactly("echo", "large", "udp-echo", "tls-http", "held", "chat-flood", "scale",
                "churn");
        assertThat(rows).containsExactly("echo: SelectServer event · epoll", "echo: HybridServer blocking · epoll",
                "echo: SelectServer event · poll", "echo: ThreadingServer event", "echo: Netty NIO event · epoll",
                "large: SelectServer event · epoll", "large: Netty NIO event · epoll",
                "udp-echo: HybridServer event · epoll", "udp-echo: Netty NIO event · epoll",
                "tls-http: SelectServer event · epoll", "tls-http: Netty NIO event · epoll",
                "held: SelectServer event · epoll", "held: ThreadingServer blocking", "held: HybridServer event · epoll",
                "chat-flood: SelectServer event · epoll", "chat-flood: HybridServer event · epoll",
                "scale: SelectServer event · epoll", "scale: SelectServer event · poll", "scale: Netty NIO event · epoll",
                "scale: ForkingServer blocking", "churn: SelectServer event · epoll", "churn: ForkingServer blocking",
                "churn: Netty NIO event · epoll");
    }

    @Test
    void measuredRowsHaveTheirFiguresAndRatiosToNetty() throws Exception {
        JsonNode echo = parsed().get("workloads").get(0);
        JsonNode select = echo.get("rows").get(0);
        JsonNode netty = echo.get("rows").get(4);

        assertThat(select.get("selector").asText()).isEqualTo("epoll");
        assertThat(echo.get("rows").get(2).get("selector").asText()).isEqualTo("poll");
        assertThat(echo.get("rows").get(3).get("selector").asText()).isEqualTo("none");
        assertThat(echo.get("targetRate").isNull()).isTrue();
        assertThat(select.has("behind")).as("a closed loop").isFalse();
        assertThat(echo.get("rateUnit").asText()).isEqualTo("requests");
        assertThat(echo.get("reference").asText()).isEqualTo("Netty NIO");
        assertThat(echo.get("load").asText()).startsWith("4 connections to 127.0.0.1");
        assertThat(select.get("rate").asDouble()).isEqualTo(100_000);
        assertThat(select.get("rateVsReference").asDouble()).isCloseTo(100_000 / 95_000.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(netty.get("cpuVsReference").asDouble()).isEqualTo(1.0);
        assertThat(select.get("latencyCurve")).hasSize(LatencyPoint.PERCENTILES.size());
        assertThat(select.get("latencyNanos").get("p99.9").isNumber()).isTrue();
        assertThat(select.get("peaks").get("rssBytes").asLong()).isEqualTo(80L << 20);
        assertThat(select.get("cores").get("loadGenerator").asDouble()).isEqualTo(0.6);
    }

    @Test
    void unknownNumbersAreNull() throws Exception {
        JsonNode workloads = parsed().get("workloads");
        JsonNode netty = workloads.get(0).get("rows").get(4);
        JsonNode failed = workloads.get(0).get("rows").get(3);
        JsonNode wrk = workloads.get(3).get("rows").get(0);
        JsonNode held = workloads.get(4);

        assertThat(netty.get("peaks").get("heapUsedBytes").isNull()).as("-1 heap").isTrue();
        assertThat(failed.get("failure").asText()).isEqualTo(SampleRun.FAILURE);
        assertThat(failed.get("notRun").isNull()).isTrue();
        assertThat(failed.has("rate")).isFalse();
        assertThat(wrk.get("latencyNanos").get("max").isNull()).as("wrk gives no maximum: NaN").isTrue();
        assertThat(wrk.get("megabytesPerSecond").isNull()).as("HTTP has no message size").isTrue();
        assertThat(wrk.get("latencyCurve")).isEmpty();
        assertThat(held.get("rateUnit").isNull()).isTrue();
        assertThat(held.get("reference").isNull()).isTrue();
        assertThat(held.get("rows").get(0).get("rate").isNull()).isTrue();
        assertThat(held.get("rows").get(0).get("held").get("rssBytesPerConnection").asDouble())
                .isEqualTo((30L << 20) / 10_000.0);
        assertThat(workloads.get(5).get("rows").get(0).get("chatFlood").get("allWell").asBoolean()).isTrue();
        assertThat(JsonReport.json(SampleRun.report())).doesNotContain("NaN", "Infinity");
    }

    @Test
    void scaleRowsHaveTheBusyEchoBesideAndAloneAndTheirRatios() throws Exception {
        JsonNode scale = parsed().get("workloads").get(6);
        JsonNode poll = scale.get("rows").get(1);

        assertThat(scale.get("name").asText()).isEqualTo("scale");
        assertThat(poll.get("selector").asText()).isEqualTo("poll");
        assertThat(poll.get("rate").asDouble()).isEqualTo(12_000);
        assertThat(poll.get("alone").get("rate").asDouble()).isEqualTo(100_000);
        assertThat(poll.get("besideVsAlone").get("rate").asDouble()).isEqualTo(0.12);
        assertThat(poll.get("alone").get("cpuMicrosPerUnit").asDouble()).isEqualTo(9.0);
        assertThat(poll.get("besideVsAlone").get("p99").asDouble()).isGreaterThan(1);
        assertThat(poll.get("alone").get("latencyNanos").get("p99").isNumber()).isTrue();
        assertThat(poll.get("held").get("held").asInt()).isEqualTo(10_000);
        assertThat(poll.get("peaks").get("threads").asInt()).isEqualTo(19);
    }

    @Test
    void notRunRowsSayWhyAndAreNoFailure() throws Exception {
        JsonNode forking = parsed().get("workloads").get(6).get("rows").get(3);

        assertThat(forking.get("notRun").asText()).isEqualTo("a JVM per connection");
        assertThat(forking.get("failure").isNull()).isTrue();
        assertThat(forking.get("selector").asText()).isEqualTo("none");
        assertThat(forking.has("rate")).isFalse();
    }

    @Test
    void anOpenLoopHasItsRateAndItsRowsSayWhetherTheyFellBehind() throws Exception {
        JsonNode large = parsed().get("workloads").get(1);

        assertThat(large.get("targetRate").asInt()).isEqualTo(SampleRun.LARGE_RATE);
        assertThat(large.get("rows").get(0).get("behind").asBoolean()).isFalse();
        assertThat(large.get("rows").get(1).get("behind").asBoolean()).isTrue();
    }
}
