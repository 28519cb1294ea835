package org.socketserver4j.samples.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.socketserver4j.samples.ChatFlood;
import org.socketserver4j.samples.LatencyPoint;
import org.socketserver4j.samples.MachineInfo;
import org.socketserver4j.samples.ResourcePeaks;

/**
 * A run's report as JSON ({@code compare --json}), for machines. Unknown numbers (NaN, and -1
 * for resource figures) are {@code null}; times are nanoseconds or microseconds as named, sizes
 * bytes. The shape:
 *
 * <pre>{@code
 * {"command": "compare ...", "date": "2026-12-01T05:00:00Z",
 *  "machine": {"description", "cores", "cpuModel", "memoryBytes", "os", "jdk"},
 *  "workloads": [{"name": "echo", "title", "load", "rateUnit": "requests" | null, "reference": "Netty NIO" | null,
 *    "targetRate": null | requests per second (an open loop),
 *    "rows": [{"label": "HybridServer event", "server", "style", "selector": "epoll" | "poll" | "none",
 *      "failure": null | "why", "notRun": null | "why",
 *      "rate" (rateUnit per second), "megabytesPerSecond", "cpuMicrosPerUnit",
 *      "rateVsReference", "cpuVsReference" (to the reference's row on the same selector),
 *      "latencyNanos": {"p50", "p99", "p99.9", "max"}, "latencyCurve": [{"percentile", "nanos"}],
 *      "cores": {"server", "loadGenerator", "machine"}, "lost",
 *      "behind": true | false (open loops only: under the share of the rate that counts as kept up),
 *      "peaks": {"threads", "heapUsedBytes", "rssBytes"},
 *      "held": {...} (held and scale), "chatFlood": {...} (chat-flood only),
 *      "alone": {"rate", "megabytesPerSecond", "cpuMicrosPerUnit", "latencyNanos", "latencyCurve", "cores"}
 *        and "besideVsAlone": {"rate", "cpuMicrosPerUnit", "p99"} (scale only: the row's own figures are
 *        the busy echo beside held.held idle connections, "alone" the same with none open)}]}]}
 * }</pre>
 *
 * A row that failed or did not take part has its label, server, style, selector, failure and
 * notRun only.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    /** Writes {@code report} to {@code file} as UTF-8 JSON. */
    public static void write(RunReport report, Path file) throws IOException {
        Files.writeString(file, json(report), StandardCharsets.UTF_8);
    }

    /** {@code report} as JSON text, ending with a newline. */
    public static String json(RunReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("command", report.command());
        root.put("date", report.date().toString());
        root.set("machine", machine(report.machine()));
        ArrayNode workloads = root.putArray("workloads");
        for (WorkloadReport workload : report.workloads()) {
            ObjectNode node = workloads.addObject();
            node.put("name", workload.name());
            node.put("title", workload.title());
            node.put("load", workload.load());
            node.put("rateUnit", workload.rateUnit());
            node.put("reference", workload.reference());
            if (workload.openLoop()) {
                node.put("targetRate", workload.targetRate());
            } else {
                node.putNull("targetRate");
            }
            ArrayNode rows = node.putArray("rows");
            workload.rows().forEach(row -> rows.add(row(workload, row)));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers did not serialize", e);
        }
    }

    private static ObjectNode machine(MachineInfo machine) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("description", machine.describe());
        node.put("cores", machine.cores());
        node.put("cpuModel", machine.cpuModel());
        number(node, "memoryBytes", machine.memoryBytes() > 0 ? machine.memoryBytes() : Double.NaN);
        node.put("os", machine.os());
        node.put("jdk", machine.jdk());
        return node;
    }

    private static ObjectNode row(WorkloadReport workload, ReportRow row) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("label", row.label());
        node.put("server", row.server());
        node.put("style", row.style());
        node.put("selector", row.selector());
        node.put("failure", row.failure());
        node.put("notRun", row.notRun());
        if (!row.ok()) {
            return node;
        }
        measured(node, row);
        number(node, "rateVsReference", workload.rateVsReference(row));
        number(node, "cpuVsReference", workload.cpuVsReference(row));
        number(node, "lost", row.lost());
        if (workload.openLoop()) {
            node.put("behind", row.behind());
        }
        ResourcePeaks peaks = row.peaks();
        ObjectNode resources = node.putObject("peaks");
        count(resources, "threads", peaks.threads());
        count(resources, "heapUsedBytes", peaks.heapUsedBytes());
        count(resources, "rssBytes", peaks.rssBytes());
        if (row.held() != null) {
            node.set("held", held(row.held()));
        }
        if (row.chat() != null) {
            node.set("chatFlood", chat(row.chat()));
        }
        if (row.alone() != null) {
            measured(node.putObject("alone"), row.alone());
            ObjectNode ratios = node.putObject("besideVsAlone");
            number(ratios, "rate", row.rate() / row.alone().rate());
            number(ratios, "cpuMicrosPerUnit", row.cpuMicrosPerUnit() / row.alone().cpuMicrosPerUnit());
            number(ratios, "p99", row.latency().p99Nanos() / row.alone().latency().p99Nanos());
        }
        return node;
    }

    /** Puts {@code row}'s measured figures in {@code node}: rate, MB/s, CPU per unit, latency and cores. */
    private static void measured(ObjectNode node, ReportRow row) {
        number(node, "rate", row.rate());
        number(node, "megabytesPerSecond", row.megabytesPerSecond());
        number(node, "cpuMicrosPerUnit", row.cpuMicrosPerUnit());
        ObjectNode latency = node.putObject("latencyNanos");
        number(latency, "p50", row.latency().p50Nanos());
        number(latency, "p99", row.latency().p99Nanos());
        number(latency, "p99.9", row.latency().p999Nanos());
        number(latency, "max", row.latency().maxNanos());
        ArrayNode curve = node.putArray("latencyCurve");
        for (LatencyPoint point : row.latency().curve()) {
            ObjectNode at = curve.addObject();
            number(at, "percentile", point.percentile());
            number(at, "nanos", point.nanos());
        }
        ObjectNode cores = node.putObject("cores");
        number(cores, "server", row.serverCores());
        number(cores, "loadGenerator", row.clientCores());
        number(cores, "machine", row.machineCores());
    }

    private static ObjectNode held(ReportRow.HeldFigures held) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("held", held.held());
        node.put("busy", held.busy());
        count(node, "idleRssBytes", held.idleRssBytes());
        count(node, "idleThreads", held.idleThreads());
        count(node, "idleHeapUsedBytes", held.idleHeapUsedBytes());
        number(node, "rssBytesPerConnection", held.rssBytesPerConnection());
        number(node, "heapBytesPerConnection", held.heapBytesPerConnection());
        count(node, "openMillis", held.openMillis());
        node.put("notEchoingAfter", held.notEchoingAfter());
        node.put("gcDone", held.gcDone());
        return node;
    }

    private static ObjectNode chat(ChatFlood.Result chat) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("lines", chat.lines());
        node.put("received", chat.received());
        node.put("inOrder", chat.inOrder());
        node.put("bCutOff", chat.bEnded());
        node.put("bToldTooSlow", chat.bToldTooSlow());
        count(node, "receiveMillis", chat.receiveMillis());
        node.put("sent", chat.sent());
        node.put("longestWriteMillis", chat.longestWriteMillis());
        node.put("aStalled", chat.aStalled());
        node.put("cDisconnected", chat.cDisconnected());
        node.put("cTold", chat.cTold());
        node.put("cBacklogBytes", chat.cBacklogBytes());
        node.put("allWell", chat.ok());
        return node;
    }

    /** {@code value}, or null if it is not a finite number. */
    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    /** {@code value}, or null if negative (unknown). */
    private static void count(ObjectNode node, String name, long value) {
        if (value >= 0) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
