package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code compare} end to end (child JVMs, real load on 127.0.0.1, briefly) and its options
 * in-process.
 */
class CompareCommandTest {

    private static final Pattern ROW = Pattern.compile("^\\| (HybridServer|Netty NIO) \\| event \\| epoll \\| ([\\d,]+) \\|",
            Pattern.MULTILINE);

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    private final CompareCommand compare = commandLine.getSubcommands().get("compare").getCommand();

    /**
     * Runs here write their HTML report (default: the working directory) into {@link #tmp}, and
     * measure echo alone unless they name their workloads (the default is every workload).
     */
    @BeforeEach
    void htmlReportIntoTmpAndEchoByDefault() {
        commandLine.getSubcommands().get("compare").setDefaultValueProvider(arg ->
                arg instanceof OptionSpec option ? switch (option.longestName()) {
                    case "--html" -> tmp.resolve("compare-report.html").toString();
                    case "--workloads" -> "echo";
                    default -> null;
                } : null);
    }

    @AfterEach
    void noChildLeft() {
        ServerProcess.closeAll();
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty());
    }

    @Test
    void measuresHybridAndNettyInChildJvmsAndLeavesNoChildBehind() throws Exception {
        Path file = tmp.resolve("table.md");
        int code = commandLine.execute("compare", "--strategies=hybrid,netty", "--styles=event",
                "--connections=4", "--duration=300ms", "--warmup=100ms", "--workers=1", "--redo-disturbed=0",
                "--out=" + file);

        assertThat(code).as(err.toString()).isZero();
        String report = out.toString();
        assertThat(measuredRows(report, ROW, 2)).as(report).hasSize(2);
        assertThat(report).as("threads, heap and RSS peaks of both JVMs")
                .containsPattern("(?m)^\\| HybridServer \\| event \\| epoll \\|.* \\| \\d+ / [\\d.,]+ / [\\d,]+ \\|$")
                .containsPattern("(?m)^\\| Netty NIO \\| event \\| epoll \\|.* \\| \\d+ / [\\d.,]+ / [\\d,]+ \\|$");
        assertThat(report).contains("Command: `compare --strategies=hybrid,netty --styles=event --connections=4"
                + " --message-size=64 --duration=300ms --warmup=100ms --rounds=1 --redo-disturbed=0 --workers=1"
                + " --client-threads=1`",
                "Machine: " + Runtime.getRuntime().availableProcessors() + " core",
                "HybridServer workers and Netty event-loop threads: 1.");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(report);
        assertThat(tmp.resolve("compare-report.html")).as("the HTML report, by default").isNotEmptyFile();
        assertThat(err.toString()).contains("compare: HybridServer event: starting", "compare: Netty NIO event: ");
        assertThat(ServerProcess.live()).isZero();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    @Test
    void serversThatCannotStartFailTheirRowsAndExit1() throws Exception {
        int code = commandLine.execute("compare", "--strategies=select,netty", "--styles=event",
                "--connections=2", "--duration=200ms", "--warmup=0", "--redo-disturbed=0", "--jvm-option=-Xmx1k");

        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .contains("| SelectServer | event | epoll | failed: the server exited with 1 before printing 'ready'")
                .contains("| Netty NIO | event | epoll | failed:");
    }

    @Test
    void writesTheJsonAndHtmlReportsAlsoWhenRowsFailed() throws Exception {
        Path json = tmp.resolve("run.json");
        Path html = tmp.resolve("run.html");
        int code = commandLine.execute("compare", "--strategies=select,netty", "--styles=event",
                "--connections=2", "--duration=200ms", "--warmup=0", "--redo-disturbed=0", "--jvm-option=-Xmx1k",
                "--json=" + json, "--html=" + html);

        assertThat(code).isEqualTo(1);
        JsonNode echo = new ObjectMapper().readTree(json.toFile()).get("workloads").get(0);
        assertThat(echo.get("name").asText()).isEqualTo("echo");
        assertThat(echo.get("rows")).hasSize(2).allSatisfy(row ->
                assertThat(row.get("failure").asText()).startsWith("the server exited with 1"));
        assertThat(Files.readString(html, StandardCharsets.UTF_8))
                .contains("<tr class=\"failed\"><th>SelectServer event</th>", "<th>Netty NIO event</th>",
                        "failed: the server exited with 1 before printing &#39;ready&#39;");
        assertThat(err.toString()).contains("compare: JSON written to " + json.toAbsolutePath(),
                "compare: HTML report written to " + html.toAbsolutePath());
        assertThat(tmp.resolve("compare-report.html")).doesNotExist();
    }

    @Test
    void writesTheHtmlReportToCompareReportHtmlUnlessToldNone() {
        CommandLine fresh = Main.commandLine();
        fresh.parseArgs("compare");
        assertThat(((CompareCommand) fresh.getSubcommands().get("compare").getCommand()).htmlFile())
                .isEqualTo(Path.of("compare-report.html"));

        commandLine.parseArgs("compare", "--html=none");
        assertThat(compare.htmlFile()).isNull();
        assertThat(commandLine.execute("compare", "--html= ")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--html': name a file, or none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--connections=0", "--connections=100001", "--message-size=0",
        "--message-size=1048577", "--connections=100000 --message-size=4096", "--duration=0", "--duration=5",
        "--warmup=-1s", "--rounds=0", "--rounds=101", "--redo-disturbed=-1", "--workers=-1",
        "--client-threads=0", "--connections=2 --client-threads=3",
        "--styles=async", "--strategies=", "extra", "--selectors=none", "--selectors=", "--selectors=kqueue",
        "--churn-connections=0", "--churn-connections=1001", "--scale-busy=0", "--scale-busy=1001"})
    void badOptionsExitWith2AndStartNothing(String args) {
        int code = commandLine.execute(("compare " + args).split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("Usage: socketserver4j-samples compare");
        assertThat(ServerProcess.live()).isZero();
    }

    @Test
    void forkingTakesPartWhereItsConnectionsAreFewAndTlsHttpServesTheEventStyleOnly() {
        commandLine.parseArgs("compare", "--workloads=tls-echo,tls-http", "--strategies=select,threading,forking,netty",
                "--styles=blocking,event");

        assertThat(compare.plan()).hasSize(7).contains(new CompareCommand.Run(Contender.FORKING, Style.EVENT));
        assertThat(compare.plan(Workload.TLS_ECHO)).hasSize(7)
                .contains(new CompareCommand.Run(Contender.FORKING, Style.BLOCKING));
        assertThat(compare.childCommand(Contender.FORKING, Style.EVENT)).contains("--strategy=forking",
                "--prespawn=0", "--max-spare=0", "--max-children=64");
        assertThat(compare.churnCommand(new CompareCommand.Run(Contender.FORKING, Style.EVENT)))
                .contains("--strategy=forking", "--max-children=64", "--start-spare=32", "--max-spare=32")
                .doesNotContain("--prespawn=0", "--max-spare=0");
        assertThat(compare.plan(Workload.TLS_HTTP)).containsExactly(new CompareCommand.Run(Contender.SELECT,
                Style.EVENT), new CompareCommand.Run(Contender.THREADING, Style.EVENT),
                new CompareCommand.Run(Contender.NETTY, Style.EVENT));
        for (Workload workload : List.of(Workload.HELD, Workload.SCALE, Workload.UDP_ECHO, Workload.CHAT_FLOOD,
                Workload.TLS_HTTP)) {
            assertThat(compare.plan(workload)).as(workload.toString()).noneMatch(run -> run.contender() == Contender.FORKING);
            assertThat(compare.notTakingPart(workload)).as(workload.toString())
                    .contains(new CompareCommand.Run(Contender.FORKING, Style.BLOCKING));
            assertThat(compare.participation().whyNot(Contender.FORKING, workload)).isNotBlank();
        }
        assertThat(compare.load(Workload.TLS_ECHO)).isEqualTo(new CompareCommand.Load(8, 16384, 8, 0, null));
        assertThat(compare.load(Workload.TLS_HTTP)).isEqualTo(new CompareCommand.Load(64, 0, 1, 0, null));

        commandLine.parseArgs("compare", "--strategies=forking", "--connections=65");
        assertThat(compare.plan()).isEmpty();
        assertThat(compare.participation().whyNot(Contender.FORKING, Workload.ECHO))
                .isEqualTo("a JVM per connection: 65 connections would be 65 JVMs at once (it takes part up to 64)");
    }

    @Test
    void reactorsRunOncePerSelectorAndTheOthersOnceOnNone() {
        commandLine.parseArgs("compare", "--strategies=select,threading,netty,python", "--styles=event",
                "--selectors=epoll,poll", "--workloads=scale");

        List<CompareCommand.Run> expected = new java.util.ArrayList<>(List.of(
                new CompareCommand.Run(Contender.SELECT, Style.EVENT, SelectorChoice.EPOLL),
                new CompareCommand.Run(Contender.SELECT, Style.EVENT, SelectorChoice.POLL),
                new CompareCommand.Run(Contender.THREADING, Style.EVENT, SelectorChoice.NONE),
                new CompareCommand.Run(Contender.NETTY, Style.EVENT, SelectorChoice.EPOLL),
                new CompareCommand.Run(Contender.NETTY, Style.EVENT, SelectorChoice.POLL)));
        if (PythonEchoServer.interpreter().isPresent()) {
            expected.add(new CompareCommand.Run(Contender.PYTHON, Style.EVENT, SelectorChoice.EPOLL));
            expected.add(new CompareCommand.Run(Contender.PYTHON, Style.EVENT, SelectorChoice.POLL));
            assertThat(compare.childCommand(new CompareCommand.Run(Contender.PYTHON, Style.EVENT,
                    SelectorChoice.POLL), Transport.TCP)).contains("--selector=poll", "--port=0");
        }
        assertThat(compare.plan(Workload.SCALE)).containsExactlyElementsOf(expected);
        assertThat(compare.childCommand(new CompareCommand.Run(Contender.NETTY, Style.EVENT, SelectorChoice.POLL),
                Transport.TCP)).contains("-Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.PollSelectorProvider");
        assertThat(compare.childCommand(new CompareCommand.Run(Contender.SELECT, Style.EVENT, SelectorChoice.EPOLL),
                Transport.TCP)).noneMatch(arg -> arg.contains("SelectorProvider"));
        assertThat(compare.command()).endsWith(" --workloads=scale --held=10000 --scale-busy=64 --selectors=epoll,poll");
        assertThat(compare.scaleSettings().run().connections()).isEqualTo(64);
    }

    @Test
    void forkingServesATinyEchoRunAndSaysWhyNotInHeldAndUdpEcho() throws Exception {
        int code = commandLine.execute("compare", "--workloads=echo,held,udp-echo", "--strategies=forking",
                "--styles=event", "--connections=2", "--held=50", "--duration=300ms", "--warmup=100ms",
                "--redo-disturbed=0");

        assertThat(code).as(err.toString()).isZero();
        String report = out.toString();
        Matcher row = Pattern.compile("^\\| ForkingServer \\| event \\| none \\| ([\\d,]+) \\|", Pattern.MULTILINE)
                .matcher(report);
        assertThat(row.find()).as(report).isTrue();
        assertThat(Long.parseLong(row.group(1).replace(",", ""))).as("req/s").isPositive();
        assertThat(report).contains("| ForkingServer | event | none | 50 | not run: a JVM per connection: 50 held"
                + " connections would be 50 JVMs |", "| ForkingServer | event | none | not run: a JVM per datagram");
        assertThat(ServerProcess.live()).isZero();
    }

    @Test
    void scaleMeasuresTheBusyEchoAloneAndBesideIdleConnectionsOnBothSelectors() throws Exception {
        int code = commandLine.execute("compare", "--workloads=scale", "--strategies=select",
                "--styles=event", "--selectors=epoll,poll", "--held=50", "--scale-busy=2", "--duration=300ms",
                "--warmup=100ms", "--workers=1", "--redo-disturbed=0");

        assertThat(code).as(err.toString()).isZero();
        String report = out.toString();
        Matcher rows = Pattern.compile("^\\| (SelectServer) \\| event \\| (epoll|poll) \\| ([\\d,]+) \\|"
                + " ([\\d,]+) \\| [\\d.]+ \\| .* \\| 0 \\|$", Pattern.MULTILINE).matcher(report);
        List<String> found = new java.util.ArrayList<>();
        while (rows.find()) {
            found.add(rows.group(1) + " " + rows.group(2));
            assertThat(Long.parseLong(rows.group(3).replace(",", ""))).as("alone").isPositive();
            assertThat(Long.parseLong(rows.group(4).replace(",", ""))).as("beside").isPositive();
        }
        assertThat(found).as(report).containsExactly("SelectServer epoll", "SelectServer poll");
        assertThat(report).contains("Workload scale: 2 busy connections", "beside 50 idle connections",
                "| req/s alone | req/s beside 50 idle |", "--selectors=epoll,poll");
        assertThat(err.toString()).contains("compare: scale: SelectServer event poll: starting");
        assertThat(ServerProcess.live()).isZero();
    }

    @Test
    void anOpenLoopSaysItsRateAndMeasuresEveryServerWithoutErrors() throws Exception {
        int code = commandLine.execute("compare", "--workloads=echo,http-pipelined", "--strategies=hybrid,netty",
                "--styles=event", "--connections=2", "--pipeline=2", "--rate=400", "--duration=300ms", "--warmup=1s",
                "--workers=1", "--redo-disturbed=0");

        assertThat(code).as(err.toString()).isZero();
        String report = out.toString();
        assertThat(measuredRows(report, Pattern.compile("^\\| (HybridServer|Netty NIO) \\| event \\| epoll \\| ([\\d,]+)",
                Pattern.MULTILINE), 2)).hasSize(4);
        assertThat(report)
                .contains("--client-threads=1 --rate=400 --workloads=echo,http-pipelined --pipeline=2`",
                        "Load: 2 connections to 127.0.0.1, together an open loop at 400 req/s (each connection on a"
                                + " fixed schedule, see below) of 64-byte echo requests",
                        "Open loop at 400 req/s (wrk2's method): each connection sends on a fixed schedule, 200.00"
                                + " requests a second",
                        "Open loop at 400 req/s (wrk2's method): each connection sends on a fixed schedule, 100.00"
                                + " batches of 2 requests, each response's latency from its batch's intended time, a"
                                + " second")
                .doesNotContain("failed");
        assertThat(ServerProcess.live()).isZero();
    }

    @Test
    void httpAndRespRunInTheirHandlersStylesAndServeTheirProtocol() {
        commandLine.parseArgs("compare", "--workloads=http,resp,http-pipelined", "--strategies=hybrid,netty",
                "--styles=blocking", "--connections=8", "--client-threads=2", "--pipeline=32");

        List<CompareCommand.Run> eventOnly = List.of(new CompareCommand.Run(Contender.HYBRID, Style.EVENT),
                new CompareCommand.Run(Contender.NETTY, Style.EVENT));
        assertThat(compare.plan(Workload.HTTP)).as("the HTTP handler's only style").isEqualTo(eventOnly);
        assertThat(compare.plan(Workload.RESP)).isEqualTo(eventOnly);
        assertThat(compare.plan()).contains(new CompareCommand.Run(Contender.HYBRID, Style.BLOCKING));
        assertThat(compare.load(Workload.HTTP)).isEqualTo(new CompareCommand.Load(8, 0, 2, 0, null, Protocol.HTTP, 1));
        assertThat(compare.load(Workload.HTTP_PIPELINED))
                .isEqualTo(new CompareCommand.Load(8, 0, 2, 0, null, Protocol.HTTP, 32));
        assertThat(compare.load(Workload.RESP)).isEqualTo(new CompareCommand.Load(8, 0, 2, 0, null, Protocol.RESP, 1));
        assertThat(Protocol.RESP.serverCommand(compare.childCommand(Contender.HYBRID, Style.EVENT), false))
                .contains("--handler=resp").doesNotContain("--handler=echo");
        assertThat(Protocol.HTTP.serverCommand(compare.childCommand(Contender.NETTY, Style.EVENT), true))
                .endsWith("--threads=" + compare.serverThreads(), "--http");
        assertThat(Protocol.ECHO.serverCommand(compare.childCommand(Contender.NETTY, Style.EVENT), true))
                .isEqualTo(compare.childCommand(Contender.NETTY, Style.EVENT));
        assertThat(compare.command()).endsWith(" --workloads=http,resp,http-pipelined --pipeline=32");
    }

    @Test
    void udpChildrenServeEchoOverUdp() {
        commandLine.parseArgs("compare", "--workloads=udp-echo", "--workers=2", "--udp-senders=3",
                "--client-threads=5");

        assertThat(compare.childCommand(Contender.SELECT, Style.BLOCKING, Transport.UDP))
                .contains("--strategy=select", "--style=blocking", "--handler=echo", "--transport=udp");
        assertThat(compare.childCommand(Contender.NETTY, Style.EVENT, Transport.UDP))
                .endsWith(NettyEchoServer.class.getName(), "--host=127.0.0.1", "--port=0", "--threads=2", "--udp");
        assertThat(compare.childCommand(Contender.HYBRID, Style.EVENT)).doesNotContain("--transport=udp");
        assertThat(compare.load(Workload.UDP_ECHO)).isEqualTo(new CompareCommand.Load(3, 64, 3, 32));
        assertThat(compare.load(Workload.UDP_ECHO).udp()).isTrue();
        assertThat(compare.load(Workload.ECHO).udp()).isFalse();
        assertThat(compare.udpSettings().window()).isEqualTo(32);
        assertThat(compare.udpSettings().lossTimeout()).isEqualTo(CompareCommand.UDP_LOSS_TIMEOUT);
    }

    @Test
    void heldWorkloadReportsTheServersMemoryAndThreadsAndTheEchoTableAfterIt() throws Exception {
        int code = commandLine.execute("compare", "--workloads=held,echo", "--held=50", "--held-busy=2",
                "--strategies=select", "--styles=event", "--connections=2", "--duration=200ms", "--warmup=0",
                "--redo-disturbed=0");

        assertThat(code).as(err.toString()).isZero();
        String report = out.toString();
        Matcher row = Pattern.compile("^\\| SelectServer \\| event \\| epoll \\| 50 \\| ([\\d,.]+) \\| ([\\d,.]+) \\|",
                Pattern.MULTILINE).matcher(report);
        assertThat(row.find()).as(report).isTrue();
        assertThat(Double.parseDouble(row.group(2).replace(",", ""))).as("RSS MiB").isPositive();
        assertThat(report)
                .contains("Workload held: 50 idle connections", "while 2 more connections ran a closed loop",
                        "ForkingServer is not measured")
                .contains("\n\nCommand: `compare --strategies=select --styles=event --connections=2")
                .containsPattern("\\| SelectServer \\| event \\| epoll \\| [\\d,]+ \\| ");
        assertThat(report.indexOf("Workload held")).isLessThan(report.indexOf("| req/s |"));
        assertThat(ServerProcess.live()).isZero();
    }

    @Test
    void workloadsAreReadCaseInsensitivelyAndUnknownOnesAreBadUsage() {
        commandLine.parseArgs("compare", "--workloads=HELD,large,held");
        assertThat(compare.command()).endsWith(" --client-threads=1 --workloads=held,large --large-size=262144"
                + " --large-connections=8 --held=10000 --held-busy=0");

        assertThat(commandLine.execute("compare", "--workloads=echo,flood")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--workloads' (WORKLOAD): expected one of"
                + " echo, large, held, chat-flood, udp-echo, tls-echo, tls-http, http, http-pipelined, resp, scale, churn but was 'flood'");
    }

    @Test
    void theLargeWorkloadHasItsOwnConnectionsAndSizeWhateverEchoUses() {
        commandLine.parseArgs("compare", "--connections=1000", "--message-size=16", "--client-threads=4",
                "--workloads=echo,large", "--large-connections=2", "--large-size=1048576");

        assertThat(compare.load(Workload.ECHO)).isEqualTo(new CompareCommand.Load(1000, 16, 4));
        assertThat(compare.load(Workload.LARGE)).isEqualTo(new CompareCommand.Load(2, 1_048_576, 2));
        assertThat(compare.settings(Workload.LARGE).messageSize()).isEqualTo(1_048_576);
        assertThat(compare.settings().connections()).isEqualTo(1000);
        assertThat(compare.heldSettings().held()).isEqualTo(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--workloads=", "--large-size=0", "--large-size=67108865", "--large-connections=0",
        "--large-connections=100 --large-size=2000000", "--held=0", "--held=100001", "--held-busy=-1",
        "--held-busy=1001", "--chat-lines=0", "--chat-lines=1000001", "--chat-time-limit=0", "--udp-senders=0",
        "--udp-senders=1001", "--udp-window=0", "--udp-window=4097", "--workloads=udp-echo --message-size=7",
        "--workloads=udp-echo --message-size=65508",
        "--tls-echo-connections=0", "--tls-echo-connections=1001",
        "--tls-echo-size=0", "--tls-http-connections=0", "--pipeline=0", "--pipeline=1025", "--rate=-1",
        "--rate=10000001", "--rate=100 --workloads=echo,udp-echo"})
    void badWorkloadOptionsExitWith2AndStartNothing(String args) {
        int code = commandLine.execute(("compare " + args).split(" "));

        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(ServerProcess.live()).isZero();
    }

    /** The rows of {@code report} that {@code row} matches, each checked to have a positive rate in {@code rateGroup}. */
    private static List<MatchResult> measuredRows(String report, Pattern row, int rateGroup) {
        List<MatchResult> rows = row.matcher(report).results().toList();
        for (MatchResult found : rows) {
            assertThat(Long.parseLong(found.group(rateGroup).replace(",", ""))).as(found.group()).isPositive();
        }
        return rows;
    }

    @Test
    void namesTheServersInLowerCase() {
        assertThat(commandLine.execute("compare", "--strategies=select,nginx")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid value for option '--strategies' (SERVER): expected one of"
                + " select, threading, hybrid, forking, netty, python but was 'nginx'");
    }

    @Test
    void plansEachStrategyInEachStyleAndNettyOnceInEventStyle() {
        commandLine.parseArgs("compare", "--strategies=netty,HYBRID,threading,hybrid", "--styles=blocking,event");

        assertThat(compare.plan()).containsExactly(
                new CompareCommand.Run(Contender.NETTY, Style.EVENT),
                new CompareCommand.Run(Contender.HYBRID, Style.BLOCKING),
                new CompareCommand.Run(Contender.HYBRID, Style.EVENT),
                new CompareCommand.Run(Contender.THREADING, Style.BLOCKING),
                new CompareCommand.Run(Contender.THREADING, Style.EVENT));
    }

    @Test
    void theProgressBarsPlanIsEveryRowOfEveryWorkloadInOrderEachRoundAsItsLoadTimePlusAServerStart() {
        commandLine.parseArgs("compare", "--strategies=hybrid,netty", "--styles=event,blocking", "--rounds=2",
                "--warmup=1s", "--duration=4s", "--workloads=echo,held,chat-flood,tls-http");

        Duration closedLoop = Duration.ofSeconds(5).plus(CompareCommand.ROW_START_STOP);
        Duration overTls = Duration.ofSeconds(7).plus(CompareCommand.ROW_START_STOP); // at least 3s of warm-up
        Duration untimed = CompareCommand.UNTIMED_ROW.plus(CompareCommand.ROW_START_STOP);
        List<Duration> rows = compare.plannedRows();
        assertThat(rows).containsExactly(
                closedLoop, closedLoop, closedLoop, closedLoop, closedLoop, closedLoop, // echo: 3 runs, 2 rounds
                untimed, untimed, untimed, // held: 3 runs
                untimed, // chat-flood: HybridServer
                overTls, overTls, overTls, overTls); // tls-http: 2 servers, 2 rounds
        assertThat(new ProgressPlan(rows).totalMillis()).isEqualTo(10 * 6_000 + 4 * 8_000);
        assertThat(compare.warmup(false)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aMeasurementIsDisturbedWhenOtherWorkKeptMoreThanAFifthOfACoreBusy() {
        org.HdrHistogram.Histogram latency = new org.HdrHistogram.Histogram(3);
        latency.recordValue(1000);
        Duration second = Duration.ofSeconds(1);

        assertThat(CompareCommand.disturbed(Measurement.of(Contender.HYBRID, Style.EVENT, 10, second, latency,
                Duration.ofMillis(900), Duration.ofMillis(800), 1.85))).isFalse();
        assertThat(CompareCommand.disturbed(Measurement.of(Contender.HYBRID, Style.EVENT, 10, second, latency,
                Duration.ofMillis(900), Duration.ofMillis(800), 1.99))).isTrue();
        assertThat(CompareCommand.disturbed(Measurement.of(Contender.HYBRID, Style.EVENT, 10, second, latency,
                Duration.ofMillis(900), Duration.ofMillis(800), Double.NaN))).as("unknown").isFalse();
        assertThat(CompareCommand.disturbed(Measurement.failed(Contender.HYBRID, Style.EVENT, "x"))).isFalse();
    }

    @Test
    void theDefaultsAreEveryWorkloadButHeldBriefly() {
        CommandLine fresh = Main.commandLine();
        fresh.parseArgs("compare");
        CompareCommand defaults = fresh.getSubcommands().get("compare").getCommand();

        assertThat(defaults.settings().command()).startsWith("compare --strategies=select,threading,hybrid,forking,"
                + "netty,python --styles=event,blocking --connections=64 --message-size=64 --duration=1s"
                + " --warmup=500ms --rounds=1 --redo-disturbed=2 --workers=0 --client-threads=1 --workloads=echo,large,"
                + "http,http-pipelined,resp,scale,churn,udp-echo,tls-echo,tls-http,chat-flood ");
        assertThat(defaults.plan()).hasSize(PythonEchoServer.interpreter().isPresent() ? 10 : 9);
        assertThat(defaults.serverThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void quickSetsTheDefaultWorkloadsAndSmallSizesButWhatTheCommandLineGave() throws Exception {
        CommandLine fresh = Main.commandLine();
        fresh.parseArgs("compare", "--quick", "--connections=3", "--strategies=select");
        CompareCommand quick = fresh.getSubcommands().get("compare").getCommand();
        QuickPreset.apply(fresh.getSubcommands().get("compare").getCommandSpec());

        assertThat(quick.settings().command()).startsWith("compare --strategies=select --styles=event"
                + " --connections=3 --message-size=64 --duration=200ms --warmup=100ms --rounds=1 --redo-disturbed=0")
                .contains("--workloads=" + CompareCommand.DEFAULT_WORKLOADS + " ");
        assertThat(quick.load(Workload.LARGE).connections()).isEqualTo(2);
    }

    @Test
    void childrenServeEchoOnAnyPortAndNeverOutliveTheirParent() {
        commandLine.parseArgs("compare", "--workers=3", "--jvm-option=-Xmx256m");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");

        List<String> sharing = ServerClassArchive.jvmOptions(Main.class.getName(), classPath, List.of("-Xmx256m"));
        assertThat(sharing).as("a class-data archive for the servers").contains("-XX:+AutoCreateSharedArchive");
        assertThat(compare.childCommand(Contender.HYBRID, Style.EVENT)).containsExactlyElementsOf(Stream.of(
                List.of(java, "-Xmx256m"), sharing, List.of("-cp", classPath, Main.class.getName(), "serve", "--strategy=hybrid", "--style=event", "--handler=echo",
                "--host=127.0.0.1", "--port=0", "--idle-timeout=0", "--grace-period=2s", "--stop-on-stdin-eof",
                "--report-selector", "--workers=3")).flatMap(List::stream).toList());
        assertThat(compare.childCommand(Contender.THREADING, Style.BLOCKING))
                .contains("--strategy=threading", "--style=blocking")
                .noneMatch(arg -> arg.startsWith("--workers"));
        assertThat(compare.childCommand(Contender.NETTY, Style.EVENT)).containsExactlyElementsOf(Stream.of(
                List.of(java, "-Xmx256m"),
                ServerClassArchive.jvmOptions(NettyEchoServer.class.getName(), classPath, List.of("-Xmx256m")),
                List.of("-cp", classPath, NettyEchoServer.class.getName(), "--host=127.0.0.1", "--port=0",
                        "--threads=3")).flatMap(List::stream).toList());
        assertThat(ServerClassArchive.jvmOptions(Main.class.getName(), classPath, List.of("-Xshare:off")))
                .as("the servers' JVM options chose").isEmpty();
    }

    @Test
    void helpListsTheOptions() {
        assertThat(commandLine.execute("compare", "--help")).isZero();
        assertThat(out.toString().toLowerCase(Locale.ROOT)).contains("--strategies=server", "select,", "netty",
                "--connections=n", "--message-size=bytes", "--duration=duration",
                "--warmup=duration", "--out=file");
        assertThat(List.of(commandLine.getSubcommands().keySet().toArray())).contains("serve", "compare");
    }
}
