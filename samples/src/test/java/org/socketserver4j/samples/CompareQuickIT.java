package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * README's main job as its smoke test: {@code compare --quick} from the packaged jar, run by
 * failsafe after {@code package}. Every server serves every workload of the default run it takes
 * part in with every reply right, the others say why they did not take part, each workload's
 * table says what it measured, and the JSON and the HTML report are written. No figure is
 * checked: the windows are too short to mean anything.
 */
class CompareQuickIT {

    /** A generous bound: the run takes about two minutes on two busy cores. */
    private static final long TIME_LIMIT_MINUTES = 8;

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void noProcessLeft() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void everyServerServesEveryWorkloadItTakesPartInWithoutAnErrorAndTheReportsAreWritten() throws Exception {
        Path json = tmp.resolve("run.json");
        Path html = tmp.resolve("report.html");
        Path stdout = tmp.resolve("stdout.md");
        Path stderr = tmp.resolve("stderr.txt");
        Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/socketserver4j-samples.jar");
        assertThat(jar).as("the packaged jar").isRegularFile();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "compare", "--quick", "--json=" + json, "--html=" + html)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        processes.add(process);

        assertThat(process.waitFor(TIME_LIMIT_MINUTES, TimeUnit.MINUTES)).as("ended in time").isTrue();
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(process.descendants().filter(ProcessHandle::isAlive).toList()).as("no child left").isEmpty();

        CommandLine parsed = Main.commandLine();
        parsed.parseArgs("compare", "--quick");
        CompareCommand quick = parsed.getSubcommands().get("compare").getCommand();
        QuickPreset.apply(parsed.getSubcommands().get("compare").getCommandSpec());
        Participation participation = quick.participation();

        JsonNode run = new ObjectMapper().readTree(json.toFile());
        List<String> workloads = new ArrayList<>();
        run.get("workloads").forEach(workload -> workloads.add(workload.get("name").asText()));
        assertThat(workloads).containsExactly(CompareCommand.DEFAULT_WORKLOADS.split(","));
        for (JsonNode workload : run.get("workloads")) {
            Workload name = new Workload.Converter().convert(workload.get("name").asText());
            for (Contender contender : Contender.values()) {
                List<JsonNode> rows = new ArrayList<>();
                workload.get("rows").forEach(row -> {
                    if (row.get("server").asText().equals(contender.label())) {
                        rows.add(row);
                    }
                });
                String why = participation.whyNot(contender, name);
                assertThat(rows).as(name + ": " + contender.label()).isNotEmpty();
                for (JsonNode row : rows) {
                    String label = name + ": " + row.get("label").asText();
                    assertThat(row.get("failure").isNull()).as(label + ": " + row.get("failure")).isTrue();
                    if (why == null) {
                        assertThat(row.get("notRun").isNull()).as(label).isTrue();
                    } else {
                        assertThat(row.get("notRun").asText()).as(label).isEqualTo(why);
                    }
                }
            }
        }
        assertThat(Files.readString(html, StandardCharsets.UTF_8)).contains("data-charts-written=");
        String tables = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(tables).doesNotContain("failed:").contains(
                "Workload tls-echo: 2 TLS connections to 127.0.0.1, each a closed loop of 16,384-byte echo",
                "TLSv1.3 with TLS_AES_128_GCM_SHA256 only", "| errors | server CPU µs/req |",
                "Workload http: 4 connections to 127.0.0.1, each a closed loop of HTTP/1.1 keep-alive"
                        + " `GET /plaintext` requests (one in flight; every response's status line,"
                        + " Content-Length and body checked)",
                "Workload http-pipelined: 4 connections to 127.0.0.1, each a closed loop of batches of 16"
                        + " pipelined HTTP/1.1 keep-alive `GET /plaintext` requests",
                "Workload resp: 4 connections to 127.0.0.1, each a closed loop of RESP commands cycling"
                        + " `PING`, `SET key value` and `GET key`",
                "| req/s vs Netty | CPU/req vs Netty |",
                "Workload large: 2 connections to 127.0.0.1, each a closed loop of 65,536-byte echo",
                "| server | style | selector | MB/s |",
                "Workload udp-echo: 2 UDP senders to 127.0.0.1, each a non-blocking DatagramChannel keeping 4"
                        + " 64-byte echo requests outstanding",
                "| datagrams/s |", "| lost |",
                "Workload churn: 4 clients to 127.0.0.1, each a loop of: connect", "| connections/s |",
                "| server CPU µs/connection |",
                "Workload chat-flood:", "member A joins and sends 500 lines",
                "Workload scale: 4 busy connections", "beside 500 idle connections");
        if (Executables.onPath("wrk").isPresent()) {
            assertThat(tables).contains("Workload tls-http: `wrk -t1 -c4`");
        }
    }
}
