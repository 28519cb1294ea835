package org.socketserver4j.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.socketserver4j.samples.report.ReportCollector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code compare}: serves the same echo under each server, one after the other, each in a
 * child JVM of its own for the whole run ({@link ServerHost}: {@code serve}'s servers or
 * {@link NettyEchoServer}, started and stopped in it row by row; {@code --fresh-jvm}: a new
 * JVM per row, as {@code held} and {@code scale} rows always have), drives it from this JVM
 * with a closed-loop load ({@link LoadGenerator}) and prints a Markdown table of requests/s,
 * latency percentiles and the server's CPU time per request, side by side with Netty. A
 * measurement during which other work kept the machine busy is redone once the machine is
 * quiet ({@code --redo-disturbed}). Progress goes to standard error (with a bar while it is a
 * terminal, {@link CompareProgress}), the table to standard output (and {@code --out}). Exit 0
 * when every row was measured, 1 when one failed (its row says why), 2 on bad usage.
 * Once every workload is done, the whole run is also written as JSON ({@code --json}) and as
 * an HTML page with charts ({@code --html}, by default {@code compare-report.html}):
 * {@link org.socketserver4j.samples.report.ReportCollector}.
 *
 * <p>{@code --workloads} adds tables of other workloads, one each, in the order given:
 * {@link Workload#ECHO} (the default and the table above), {@link Workload#LARGE} (large
 * messages: MB/s and CPU per MB, {@link LargeReport}), {@link Workload#HELD} (many idle
 * connections: the server's memory and threads, {@link HeldReport}) and
 * {@link Workload#CHAT_FLOOD} (a chat room flooded while one member never reads,
 * {@link ChatFloodReport}) and {@link Workload#UDP_ECHO} (UDP echo with a window of datagrams
 * outstanding per sender: datagrams/s, CPU per datagram and losses, {@link UdpReport}; the servers
 * serve {@code --transport=udp}, Netty {@link NettyUdpEchoServer}), {@link Workload#TLS_ECHO} (16 KiB
 * echo over TLS, {@link TlsEchoLoad}) and {@link Workload#TLS_HTTP} (HTTP {@code /plaintext} over
 * TLS from {@code wrk}, {@link WrkLoad}), both in {@link TlsReport} and both opt-in: every server
 * serves the same self-signed certificate, TLS 1.3 and one cipher suite ({@link BenchTls}), Netty
 * through its JDK-provider {@code SslHandler}; {@link Workload#HTTP}, {@link Workload#HTTP_PIPELINED} and
 * {@link Workload#RESP} (HTTP {@code GET /plaintext}, one in flight or {@code --pipeline} at once, and RESP
 * {@code PING}/{@code SET}/{@code GET}, every response checked: {@link Exchange}) in {@link CompareReport}'s
 * table, against {@code serve --handler=http|resp} and Netty's {@code HttpServerCodec} and redis codec. With
 * {@code --rate} the TCP request/response workloads run as an open loop ({@link SendSchedule}). Each table is
 * printed once its workload is done. A chat flood whose
 * server fails it (a member starved, the sender stalled) is a measured row saying so, not a
 * failed one. {@link Workload#SCALE} measures busy echo alone and beside many idle connections
 * ({@link ScaleRun}, {@link ScaleReport}), {@link Workload#CHURN} a new connection per request
 * ({@link ChurnLoad}, {@link ChurnReport}).
 *
 * <p>{@code --selectors} runs the reactor servers once per selector ({@link SelectorChoice}: epoll,
 * poll), each row checked against the server's log; {@link Participation} says which server takes
 * part in which workload, and a server that does not gets a {@code not run: ...} row saying why.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves echo under each strategy (and Netty) in a child JVM, loads it from here"
                + " over 127.0.0.1 and prints requests/s, p50/p99/p99.9 latency and server CPU per request"
                + " as a Markdown table."})
public final class CompareCommand implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUIET_WAIT = Duration.ofMinutes(3);
    private static final int MAX_CONNECTIONS = 100_000;
    private static final int MAX_MESSAGE_SIZE = 1 << 20;
    private static final long MAX_BUFFERED = 256L << 20;
    private static final int MAX_LARGE_SIZE = 64 << 20;
    private static final int MAX_HELD = 100_000;
    private static final int MAX_HELD_BUSY = 1_000;
    private static final int MAX_CHAT_LINES = 1_000_000;
    private static final Duration HELD_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_UDP_SENDERS = 1_000;
    private static final int MAX_UDP_WINDOW = 4_096;
    /** The open loop's rate, at most. */
    private static final int MAX_RATE = 10_000_000;
    /** The workloads {@code --rate} makes open loops of. */
    private static final Set<Workload> OPEN_LOOP_WORKLOADS = EnumSet.of(Workload.ECHO, Workload.LARGE, Workload.HTTP,
            Workload.HTTP_PIPELINED, Workload.RESP);
    /** http-pipelined's requests written at once, at most. */
    private static final int MAX_PIPELINE = 1_024;
    /** tls-echo's connections at most: a client thread each. */
    private static final int MAX_TLS_ECHO_CONNECTIONS = 1_000;
    /** churn's clients at most: each connection it closes waits in TIME_WAIT, holding a local port. */
    private static final int MAX_CHURN_CONNECTIONS = 1_000;
    /** How long a datagram of the udp-echo workload may go unanswered before it counts as lost. */
    static final Duration UDP_LOSS_TIMEOUT = Duration.ofSeconds(1);
    /**
     * The workloads of a run with no {@code --workloads}: every one but held, whose idle
     * connections scale holds too.
     */
    static final String DEFAULT_WORKLOADS =
            "echo,large,http,http-pipelined,resp,scale,churn,udp-echo,tls-echo,tls-http,chat-flood";
    /**
     * The least warm-up of the TLS workloads (but under {@code --quick}): the JDK's TLS code is
     * compiled in the server and in the load generator, this JVM, during the first row's warm-up,
     * and half a second leaves the first row paying for it (a fifth of its rate).
     */
    static final Duration TLS_MIN_WARMUP = Duration.ofSeconds(3);
    /** Whether {@code wrk}, the load of tls-http, is on {@code PATH}. */
    private static final boolean WRK_PRESENT = Executables.onPath("wrk").isPresent();
    /** A row's server start and stop, as the progress bar counts them. */
    static final Duration ROW_START_STOP = Duration.ofSeconds(1);
    /** A held or chat-flood row's time, as the progress bar counts it (they run for no set time). */
    static final Duration UNTIMED_ROW = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    /** The TLS of the TLS workloads, made when one runs. */
    private BenchTls benchTls;

    /** The server JVMs of the run ({@link ServerHost}), from {@link #call}. */
    private ServerHosts hosts;

    /** The server JVMs (by process id) that have served a tls-echo row: their TLS code is compiled. */
    private final Set<Long> servedTlsEcho = new HashSet<>();

    /** The progress bar of the run, from {@link #call}. */
    private CompareProgress progress;

    @Option(names = "--strategies", split = ",", paramLabel = "SERVER",
            defaultValue = "select,threading,hybrid,forking,netty,python",
            description = "Servers to compare, in this order: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
                    + " forking takes part where a workload's connections are at most 64, python (the seed's"
                    + " selectors loop) in the TCP echo workloads where python3 is present; elsewhere their rows"
                    + " say why not.")
    private List<Contender> contenders;

    @Option(names = "--styles", split = ",", paramLabel = "STYLE", defaultValue = "event,blocking",
            description = "Handler styles for socketserver4j's servers: ${COMPLETION-CANDIDATES}"
                    + " (default: ${DEFAULT-VALUE}). Netty serves event only.")
    private List<Style> styles;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "Connections, each one request in flight (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--message-size", paramLabel = "BYTES", defaultValue = "64",
            description = "Bytes per request; the echo returns them (default: ${DEFAULT-VALUE}).")
    private int messageSize;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Measured time per server, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Load before measuring, not counted (default: ${DEFAULT-VALUE}); over TLS at least 3s,"
                    + " but under --quick.")
    private Duration warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Measure every server N times, in turn, and report medians (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--redo-disturbed", paramLabel = "N", defaultValue = "2",
            description = "Measure a server again, after waiting for a quiet machine, when other work kept more"
                    + " than 0.2 cores busy while it was measured; at most N times (default: ${DEFAULT-VALUE}).")
    private int redoDisturbed;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Worker reactors of hybrid and event-loop threads of netty; 0: one per core"
                    + " (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "1",
            description = "Threads of the load generator (default: ${DEFAULT-VALUE}).")
    private int clientThreads;

    @Option(names = "--jvm-option", paramLabel = "OPTION",
            description = "An option for the servers' JVMs, e.g. --jvm-option=-Xmx1g; repeatable.")
    private List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--fresh-jvm",
            description = "A new server JVM for every row, as scale and held always have: no row inherits JIT-compiled"
                    + " code, heap or threads from the rows before it (a JVM start per row: slower). By default each"
                    + " server has one JVM for the run, and every workload's server starts and stops in it.")
    private boolean freshJvm;

    @Option(names = "--workloads", split = ",", paramLabel = "WORKLOAD", defaultValue = DEFAULT_WORKLOADS,
            converter = Workload.Converter.class,
            description = "Workloads, a table each, in this order: echo (--connections, --message-size),"
                    + " large (--large-connections, --large-size: MB/s), held (--held idle connections: memory,"
                    + " threads), chat-flood (--chat-lines into a chat room with a member that never reads),"
                    + " udp-echo (--udp-senders, --udp-window, --message-size: datagrams/s),"
                    + " tls-echo (--tls-echo-connections, --tls-echo-size: echo over TLS 1.3),"
                    + " tls-http (--tls-http-connections: wrk, GET /plaintext over TLS 1.3),"
                    + " http (--connections: HTTP/1.1 GET /plaintext), http-pipelined (--connections, --pipeline),"
                    + " resp (--connections: RESP PING, SET, GET),"
                    + " scale (--scale-busy busy connections alone and beside --held idle ones),"
                    + " churn (--churn-connections: a new connection per request)"
                    + " (default: ${DEFAULT-VALUE}; held is opt-in: scale holds the same idle connections).")
    private List<Workload> workloads;

    @Option(names = "--quick",
            description = "The smoke test: the default's workloads, the event style, a few connections, 100ms warm-up"
                    + " and 200ms measured per row (under a minute on 2 cores); options given beside it win. Its"
                    + " figures show that every server serves every workload, not how fast.")
    private boolean quick;

    @Option(names = "--large-size", paramLabel = "BYTES", defaultValue = "262144",
            description = "Bytes per request of the large workload (default: ${DEFAULT-VALUE}).")
    private int largeSize;

    @Option(names = "--large-connections", paramLabel = "N", defaultValue = "8",
            description = "Connections of the large workload, whatever --connections is (default: ${DEFAULT-VALUE}).")
    private int largeConnections;

    @Option(names = "--held", paramLabel = "N", defaultValue = "10000",
            description = "Idle connections the held workload holds to each server (default: ${DEFAULT-VALUE}).")
    private int held;

    @Option(names = "--held-busy", paramLabel = "N", defaultValue = "0",
            description = "Connections kept busy with --message-size echo while the held workload holds its"
                    + " connections (default: ${DEFAULT-VALUE}).")
    private int heldBusy;

    @Option(names = "--chat-lines", paramLabel = "N", defaultValue = "10000",
            description = "Lines of 1,000 bytes the chat-flood workload sends (default: ${DEFAULT-VALUE}).")
    private int chatLines;

    @Option(names = "--chat-time-limit", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "The longest a server's chat flood may take (default: ${DEFAULT-VALUE}).")
    private Duration chatTimeLimit;

    @Option(names = "--udp-senders", paramLabel = "N", defaultValue = "8",
            description = "UDP sockets of the udp-echo workload (default: ${DEFAULT-VALUE}).")
    private int udpSenders;

    @Option(names = "--udp-window", paramLabel = "N", defaultValue = "32",
            description = "Datagrams each udp-echo sender keeps outstanding (default: ${DEFAULT-VALUE}).")
    private int udpWindow;

    @Option(names = "--tls-echo-connections", paramLabel = "N", defaultValue = "8",
            description = "TLS connections of the tls-echo workload, a client thread each (default: ${DEFAULT-VALUE}).")
    private int tlsEchoConnections;

    @Option(names = "--tls-echo-size", paramLabel = "BYTES", defaultValue = "16384",
            description = "Bytes per request of the tls-echo workload (default: ${DEFAULT-VALUE}).")
    private int tlsEchoSize;

    @Option(names = "--tls-http-connections", paramLabel = "N", defaultValue = "64",
            description = "wrk's keep-alive connections in the tls-http workload, on --client-threads threads"
                    + " (default: ${DEFAULT-VALUE}).")
    private int tlsHttpConnections;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "16",
            description = "Requests the http-pipelined workload writes at once per connection (default: ${DEFAULT-VALUE}).")
    private int pipeline;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Open loop: N requests a second over all connections of echo, large, http, http-pipelined"
                    + " and resp, each connection on a fixed schedule, latency from each request's intended send time"
                    + " (wrk2's method); 0: closed loops (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--selectors", split = ",", paramLabel = "SELECTOR", defaultValue = "epoll",
            description = "Selectors to run the reactor servers on (SelectServer, HybridServer, Netty NIO, Python),"
                    + " once each: epoll, poll (default: ${DEFAULT-VALUE}); ThreadingServer and ForkingServer"
                    + " use none and run once.")
    private List<SelectorChoice> selectors;

    @Option(names = "--churn-connections", paramLabel = "N", defaultValue = "16",
            description = "Clients of the churn workload, each a loop of connect, one --message-size echo, close"
                    + " (default: ${DEFAULT-VALUE}).")
    private int churnConnections;

    @Option(names = "--scale-busy", paramLabel = "N", defaultValue = "64",
            description = "Busy connections of the scale workload, measured alone and beside --held idle ones"
                    + " (default: ${DEFAULT-VALUE}).")
    private int scaleBusy;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also write the table to FILE.")
    private Path out;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the whole run (every workload's rows, the machine, the command) as JSON to FILE.")
    private Path json;

    @Option(names = "--html", paramLabel = "FILE", defaultValue = "compare-report.html",
            description = "Write the report as one self-contained HTML page with charts to FILE; --html=none writes"
                    + " none (default: ${DEFAULT-VALUE}).")
    private String html;

    /** Makes the command; picocli fills in the options. */
    public CompareCommand() {}

    /**
     * Measures every server, prints the report.
     *
     * @return 0 if every row was measured, 1 if one failed
     * @throws Exception if the report cannot be written, or when interrupted
     */
    @Override
    public Integer call() throws Exception {
        if (quick) {
            QuickPreset.apply(spec);
        }
        checkOptions();
        MachineInfo machine = MachineInfo.current();
        // Ctrl-C or SIGTERM: no child outlives this process.
        Thread hook = Thread.ofPlatform().name("compare-stop").unstarted(ServerProcess::closeAll);
        Runtime.getRuntime().addShutdownHook(hook);
        progress = CompareProgress.open(spec.commandLine().getErr(), "compare", plannedRows());
        PrintWriter err = progress.err();
        hosts = new ServerHosts(START_TIMEOUT);
        try {
            if (workloads.contains(Workload.TLS_ECHO) || workloads.contains(Workload.TLS_HTTP)) {
                benchTls = BenchTls.create();
            }
            if (!freshJvm) {
                err.println("compare: starting the servers' JVMs");
                err.flush();
                hosts.startAll(sharedHostCommands());
            }
            StringBuilder report = new StringBuilder();
            ReportCollector collected = new ReportCollector(command(), machine);
            boolean allMeasured = true;
            for (Workload workload : new LinkedHashSet<>(workloads)) {
                String table;
                if (workload == Workload.CHAT_FLOOD) {
                    List<ChatFloodReport.Row> rows = measureChatFlood(err);
                    allMeasured &= rows.stream().noneMatch(ChatFloodReport.Row::failed);
                    table = ChatFloodReport.markdown(machine, chatFloodSettings(), rows);
                    collected.chatFlood(rows, table);
                } else if (workload == Workload.HELD) {
                    List<HeldMeasurement> rows = measureHeld(err);
                    allMeasured &= rows.stream().noneMatch(HeldMeasurement::failed);
                    table = HeldReport.markdown(machine, heldSettings(), rows);
                    collected.held(rows, table);
                } else if (workload == Workload.SCALE) {
                    List<ScaleMeasurement> rows = measureScale(err);
                    allMeasured &= rows.stream().noneMatch(ScaleMeasurement::failed);
                    table = ScaleReport.markdown(machine, scaleSettings(), rows);
                    collected.scale(rows, messageSize, table);
                } else {
                    List<Measurement> rows = measureClosedLoop(workload, err);
                    allMeasured &= rows.stream().noneMatch(Measurement::failed);
                    table = switch (workload) {
                        case ECHO -> CompareReport.markdown(machine, settings(), rows);
                        case UDP_ECHO -> UdpReport.markdown(machine, udpSettings(), rows);
                        case TLS_ECHO -> TlsReport.echo(machine, settings(Workload.TLS_ECHO), rows);
                        case TLS_HTTP -> TlsReport.http(machine, settings(Workload.TLS_HTTP), rows,
                                wrkWarmupNote());
                        case HTTP, HTTP_PIPELINED -> CompareReport.markdown(machine, settings(workload), rows,
                                CompareReport.httpLoad(settings(workload), load(workload).pipeline()),
                                load(workload).pipeline());
                        case RESP -> CompareReport.markdown(machine, settings(workload), rows,
                                CompareReport.respLoad(settings(workload)), 1);
                        case CHURN -> ChurnReport.markdown(machine, settings(Workload.CHURN), rows);
                        default -> LargeReport.markdown(machine, settings(Workload.LARGE), rows);
                    };
                    collected.closedLoop(workload, rows, load(workload).messageSize(), table);
                }
                String separator = report.isEmpty() ? "" : "\n";
                report.append(separator).append(table);
                PrintWriter stdout = progress.above(spec.commandLine().getOut());
                stdout.print(separator + table);
                stdout.flush();
            }
            if (out != null) {
                Files.writeString(out, report, StandardCharsets.UTF_8);
            }
            collected.write(json, htmlFile(), err);
            return allMeasured ? 0 : 1;
        } finally {
            progress.close();
            hosts.close();
            ServerProcess.closeAll();
            if (benchTls != null) {
                benchTls.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    /**
     * The rows of a closed-loop workload (echo, large, udp-echo, tls-echo; tls-http, whose loop is
     * wrk's): every run, every round, medians.
     */
    private List<Measurement> measureClosedLoop(Workload workload, PrintWriter err) throws InterruptedException {
        Load load = load(workload);
        String prefix = workload == Workload.ECHO ? "" : workload + ": ";
        Map<Run, List<Measurement>> measured = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Run run : plan(workload)) {
                String name = prefix + run.name()
                        + (rounds > 1 ? " (round " + round + "/" + rounds + ")" : "");
                Measurement row = measureAndReport(workload, run, load, name, err);
                for (int redo = 1; redo <= redoDisturbed && disturbed(row); redo++) {
                    err.println("compare: " + name + ": disturbed by other work; waiting for a quiet machine"
                            + " (at most " + DurationConverter.format(QUIET_WAIT) + ") to measure it again ("
                            + redo + "/" + redoDisturbed + ")");
                    err.flush();
                    awaitQuietMachine();
                    row = measureAndReport(workload, run, load, name, err);
                }
                measured.computeIfAbsent(run, r -> new ArrayList<>()).add(row);
            }
        }
        List<Measurement> rows = new ArrayList<>(measured.values().stream().map(Measurement::median).toList());
        notTakingPart(workload).forEach(run -> rows.add(Measurement.notRun(run.contender(), run.style(),
                participation().whyNot(run.contender(), workload))));
        return rows;
    }

    /**
     * The closed loop of a workload: its connections (UDP: senders), bytes per request,
     * load-generator threads, over UDP the datagrams each sender keeps outstanding (0: TCP,
     * one request in flight per connection), the TLS it runs over ({@code null}: none), and over
     * plain TCP the protocol spoken, the requests written at once ({@code pipeline}) and the
     * open loop's requests a second in all ({@code rate}; 0: closed loops).
     */
    record Load(int connections, int messageSize, int clientThreads, int udpWindow, BenchTls tls, Protocol protocol,
            int pipeline, int rate, boolean churn) {

        /** A closed or open loop of {@code protocol}, a connection kept for many requests. */
        Load(int connections, int messageSize, int clientThreads, int udpWindow, BenchTls tls, Protocol protocol,
                int pipeline, int rate) {
            this(connections, messageSize, clientThreads, udpWindow, tls, protocol, pipeline, rate, false);
        }

        /** A closed loop of {@code protocol}. */
        Load(int connections, int messageSize, int clientThreads, int udpWindow, BenchTls tls, Protocol protocol,
                int pipeline) {
            this(connections, messageSize, clientThreads, udpWindow, tls, protocol, pipeline, 0);
        }

        /** A closed echo loop. */
        Load(int connections, int messageSize, int clientThreads, int udpWindow, BenchTls tls) {
            this(connections, messageSize, clientThreads, udpWindow, tls, Protocol.ECHO, 1);
        }

        /** A TCP closed loop. */
        Load(int connections, int messageSize, int clientThreads) {
            this(connections, messageSize, clientThreads, 0);
        }

        /** A closed loop over UDP ({@code udpWindow} above 0) or TCP, without TLS. */
        Load(int connections, int messageSize, int clientThreads, int udpWindow) {
            this(connections, messageSize, clientThreads, udpWindow, null);
        }

        /** Whether it runs over UDP. */
        boolean udp() {
            return udpWindow > 0;
        }

        /** Its load generator against {@code address}, not started. */
        SelectorLoad open(InetSocketAddress address) throws IOException {
            if (churn) {
                return ChurnLoad.open(address, connections, messageSize, clientThreads);
            }
            if (tls != null) {
                return TlsEchoLoad.open(address, connections, messageSize, tls.clientContext(), CONNECT_TIMEOUT);
            }
            return udp()
                    ? UdpEchoLoad.open(address, connections, udpWindow, messageSize, clientThreads, UDP_LOSS_TIMEOUT)
                    : LoadGenerator.open(address, connections, protocol.exchanges(address, messageSize, pipeline),
                            clientThreads, rate, CONNECT_TIMEOUT);
        }
    }

    /**
     * The closed loop {@code workload} runs (echo, large, udp-echo, tls-echo; tls-http: wrk's
     * connections and threads, no message size).
     */
    Load load(Workload workload) {
        return switch (workload) {
            case ECHO -> new Load(connections, messageSize, clientThreads, 0, null, Protocol.ECHO, 1, rate);
            case LARGE -> new Load(largeConnections, largeSize, Math.min(clientThreads, largeConnections), 0, null,
                    Protocol.ECHO, 1, rate);
            case UDP_ECHO -> new Load(udpSenders, messageSize, Math.min(clientThreads, udpSenders), udpWindow);
            case TLS_ECHO -> new Load(tlsEchoConnections, tlsEchoSize, tlsEchoConnections, 0, benchTls);
            case TLS_HTTP -> new Load(tlsHttpConnections, 0, Math.min(clientThreads, tlsHttpConnections), 0,
                    benchTls);
            case HTTP, RESP -> new Load(connections, 0, clientThreads, 0, null, Protocol.of(workload), 1, rate);
            case HTTP_PIPELINED -> new Load(connections, 0, clientThreads, 0, null, Protocol.HTTP, pipeline, rate);
            case CHURN -> new Load(churnConnections, messageSize, Math.min(clientThreads, churnConnections), 0, null,
                    Protocol.ECHO, 1, 0, true);
            case HELD, CHAT_FLOOD, SCALE -> throw new IllegalArgumentException(workload + " is no closed loop");
        };
    }

    private Measurement measureAndReport(Workload workload, Run run, Load load, String name, PrintWriter err)
            throws InterruptedException {
        progress.row(name);
        err.println("compare: " + name + ": starting");
        err.flush();
        Measurement row;
        try {
            row = workload == Workload.TLS_HTTP
                    ? measureWrk(run, load, err)
                    : measure(run, load, err);
        } catch (IOException | RuntimeException e) {
            row = Measurement.failed(run.contender(), run.style(),
                    e.getMessage() != null ? e.getMessage() : e.toString()).withSelector(run.selector());
        }
        err.println("compare: " + name + ": " + (row.ok()
                ? String.format(Locale.ROOT, "%,.0f %s/s, %s µs server CPU/%s; cores busy:"
                        + " server %s, load generator %s, anything else %s",
                        row.requestsPerSecond(), load.udp() ? "datagrams" : load.churn() ? "connections" : "req",
                        CompareReport.number(row.serverCpuMicrosPerRequest()),
                        load.udp() ? "datagram" : load.churn() ? "connection" : "req",
                        CompareReport.number(row.serverCores()), CompareReport.number(row.clientCores()),
                        CompareReport.number(row.otherCores()))
                        + (load.messageSize() >= 4096 ? String.format(Locale.ROOT, "; %,.0f MB/s",
                                LargeReport.megabytesPerSecond(row, load.messageSize())) : "")
                        + (load.udp() ? String.format(Locale.ROOT, "; %,.0f lost", row.lost()) : "")
                : "failed: " + row.failure()));
        err.flush();
        return row;
    }

    /** Whether other work kept the machine busy enough, while {@code row} was measured, to disturb it. */
    static boolean disturbed(Measurement row) {
        return row.ok() && row.otherCores() > CompareReport.DISTURBED_CORES;
    }

    /**
     * Waits, up to {@link #QUIET_WAIT}, for a second in which the machine is no busier than
     * {@link CompareReport#DISTURBED_CORES}: a measurement of the machine, not a wait for this
     * program's own work.
     */
    private static void awaitQuietMachine() throws InterruptedException {
        long deadline = System.nanoTime() + QUIET_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<MachineLoad> before = MachineLoad.read();
            Thread.sleep(1000);
            Optional<MachineLoad> after = MachineLoad.read();
            if (before.isEmpty() || after.isEmpty()
                    || after.get().busyProcessorsSince(before.get()) <= CompareReport.DISTURBED_CORES) {
                return;
            }
        }
    }

    /** One server, style and selector to measure. */
    record Run(Contender contender, Style style, SelectorChoice selector) {

        /** {@code contender} in {@code style} on its default selector. */
        Run(Contender contender, Style style) {
            this(contender, style, contender.selector());
        }

        /** How progress lines name it, e.g. {@code SelectServer event} or {@code SelectServer event poll}. */
        String name() {
            return contender.label() + " " + style + (selector == contender.selector() ? "" : " " + selector.label());
        }
    }

    /**
     * Every row this run measures, in order, as the time the progress bar counts for it: a
     * closed loop's warm-up and measured window, once per round, scale's two of them and
     * {@link #UNTIMED_ROW}, or {@link #UNTIMED_ROW}; each with {@link #ROW_START_STOP}.
     */
    List<Duration> plannedRows() {
        List<Duration> rows = new ArrayList<>();
        for (Workload workload : new LinkedHashSet<>(workloads)) {
            int count = switch (workload) {
                case HELD, CHAT_FLOOD, SCALE -> plan(workload).size();
                default -> rounds * plan(workload).size();
            };
            Duration load = switch (workload) {
                case HELD, CHAT_FLOOD -> UNTIMED_ROW;
                case SCALE -> warmup.plus(duration).multipliedBy(2).plus(UNTIMED_ROW);
                default -> warmup(workload == Workload.TLS_ECHO || workload == Workload.TLS_HTTP).plus(duration);
            };
            rows.addAll(Collections.nCopies(count, load.plus(ROW_START_STOP)));
        }
        return rows;
    }

    /**
     * The rows of {@code workload} to measure, in order: each server taking part
     * ({@link Participation}) in each of its styles asked for (Netty and Python: event; tls-http
     * and chat-flood: every server event, their handler's only style; http, http-pipelined and
     * resp: the styles asked for that their handler has, {@link HandlerChoice#stylesAmong}), the
     * reactors on each selector asked for, the others on none.
     */
    List<Run> plan(Workload workload) {
        List<Run> runs = new ArrayList<>();
        for (Contender contender : new LinkedHashSet<>(contenders)) {
            if (participation().whyNot(contender, workload) != null) {
                continue;
            }
            Set<Style> runStyles = contender.strategy() == null || workload == Workload.TLS_HTTP
                    || workload == Workload.CHAT_FLOOD ? Set.of(Style.EVENT)
                    : workload == Workload.HTTP || workload == Workload.HTTP_PIPELINED || workload == Workload.RESP
                    ? new LinkedHashSet<>(Protocol.of(workload).handler().stylesAmong(styles))
                    : new LinkedHashSet<>(styles);
            List<SelectorChoice> runSelectors = contender.selector() == SelectorChoice.NONE
                    ? List.of(SelectorChoice.NONE) : new LinkedHashSet<>(selectors).stream().toList();
            for (Style style : runStyles) {
                for (SelectorChoice selector : runSelectors) {
                    runs.add(new Run(contender, style, selector));
                }
            }
        }
        return runs;
    }

    /** The rows of the echo workload ({@link #plan(Workload)}). */
    List<Run> plan() {
        return plan(Workload.ECHO);
    }

    /**
     * The servers asked for that do not take part in {@code workload}, each once, in the first
     * style asked for that it serves: their rows say why.
     */
    List<Run> notTakingPart(Workload workload) {
        return new LinkedHashSet<>(contenders).stream()
                .filter(contender -> participation().whyNot(contender, workload) != null)
                .map(contender -> new Run(contender, contender.strategy() == null ? Style.EVENT : styles.getFirst()))
                .toList();
    }

    /** Who takes part in which workload, for this run's options. */
    Participation participation() {
        return new Participation(PythonEchoServer.interpreter().isPresent(), WRK_PRESENT, workload -> switch (workload) {
            case HELD, SCALE -> held;
            case CHAT_FLOOD -> 3;
            default -> load(workload).connections();
        });
    }

    private Measurement measure(Run run, Load workload, PrintWriter err)
            throws IOException, InterruptedException {
        Transport transport = workload.udp() ? Transport.UDP : Transport.TCP;
        List<String> command = workload.tls() != null ? tlsCommand(run, false)
                : workload.churn() ? churnCommand(run)
                : workload.protocol().serverCommand(childCommand(run, transport), run.contender() == Contender.NETTY);
        try (ServerUnderTest server = start(command, run, false)) {
            InetSocketAddress address = server.address();
            Duration rowWarmup = warmup(workload.tls() != null);
            err.println("compare:   pid " + server.pid() + " listening on " + address.getHostString() + ":"
                    + address.getPort() + "; " + workload.connections()
                    + (workload.udp() ? " UDP senders × " + workload.udpWindow() + " outstanding, "
                            : workload.tls() != null ? " TLS connections, " : " connections, ")
                    + DurationConverter.format(rowWarmup) + " warm-up, " + DurationConverter.format(duration)
                    + " measured");
            err.flush();
            try (SelectorLoad load = workload.open(address)) {
                Measurement row = ClosedLoopWindow.measure(server, load, run, rowWarmup, duration, START_TIMEOUT, err);
                if (workload.tls() != null) {
                    servedTlsEcho.add(server.pid());
                }
                return row;
            } catch (IOException e) {
                throw new IOException(e.getMessage() + server.logTail(), e);
            }
        }
    }

    /**
     * One row of tls-http: {@code contender} serves HTTP over TLS ({@code HttpHandler} in the
     * event style, or Netty's {@code HttpServerCodec}); wrk loads {@code /plaintext} for the
     * warm-up, then again for the measured window. A wrk error or a response of 400 or more in
     * either run fails the row.
     */
    private Measurement measureWrk(Run run, Load workload, PrintWriter err)
            throws IOException, InterruptedException {
        Contender contender = run.contender();
        try (ServerUnderTest server = start(tlsCommand(run, true), run, false)) {
            InetSocketAddress address = server.address();
            Duration rowWarmup = warmup(true);
            URI url = URI.create("https://" + address.getHostString() + ":" + address.getPort() + "/plaintext");
            err.println("compare:   pid " + server.pid() + " listening on " + address.getHostString() + ":"
                    + address.getPort() + "; wrk, " + workload.connections() + " connections on "
                    + workload.clientThreads() + " threads, " + DurationConverter.format(rowWarmup)
                    + " warm-up, " + DurationConverter.format(duration) + " measured");
            err.flush();
            try (PeakSampler sampler = PeakSampler.start(server.pid(), err)) {
                if (wrkWarmsUp(rowWarmup, server)) {
                    checkNoErrors(WrkLoad.run(url, workload.connections(), workload.clientThreads(), rowWarmup),
                            "warm-up");
                }
                MeasuredWindow window = MeasuredWindow.open(server);
                WrkLoad.Result result = WrkLoad.run(url, workload.connections(), workload.clientThreads(), duration);
                MeasuredWindow.Readings readings = window.close();
                ResourcePeaks peaks = sampler.stop();
                checkNoErrors(result, "measured run");
                checkServed(server, result.requests());
                return Measurement.of(contender, Style.EVENT, result.requests(), result.duration(),
                        result.p50Nanos(), result.p99Nanos(), result.p999Nanos(), readings.serverCpu(),
                        readings.clientCpu(), readings.machineCores(), 0).withPeaks(peaks)
                        .withSelector(run.selector());
            } catch (IOException e) {
                throw new IOException(e.getMessage() + server.logTail(), e);
            }
        }
    }

    private static void checkNoErrors(WrkLoad.Result result, String run) throws IOException {
        if (result.errorCount() > 0) {
            throw new IOException(String.format(Locale.ROOT, "wrk's %s had %,d errors (%s) in %,d requests", run,
                    result.errorCount(), result.describeErrors(), result.requests()));
        }
    }

    /** Checks that {@code server} outlived its measured window and answered at least one request in it. */
    private void checkServed(ServerUnderTest server, long requests) throws IOException {
        ClosedLoopWindow.checkServed(server, requests, duration);
    }

    /**
     * Starts {@code command}, the server of {@code run}, and checks from its log that it runs on
     * the selector asked for. A JVM server ({@code serve}, Netty) runs in a {@link ServerHost}:
     * the run's one for its server, or one of its own if {@code alone} or under
     * {@code --fresh-jvm}; Python in a process of its own.
     */
    private ServerUnderTest start(List<String> command, Run run, boolean alone)
            throws IOException, InterruptedException {
        if (!run.contender().jvm()) {
            return checkSelector(ServerProcess.start(command, START_TIMEOUT), run);
        }
        List<String> jvm = jvmCommand(run, serverMainClass(run));
        if (!command.subList(0, jvm.size()).equals(jvm)) {
            throw new IllegalArgumentException("not a server JVM's command line: " + command);
        }
        List<String> args = command.subList(jvm.size(), command.size());
        boolean netty = run.contender() == Contender.NETTY;
        String kind = netty ? "netty" : "serve";
        List<String> serverArgs = netty ? args : args.subList(1, args.size());
        HostedServer server = alone || freshJvm
                ? hosts.startAlone(hostCommand(run), kind, serverArgs)
                : hosts.start(hostCommand(run), kind, serverArgs);
        return checkSelector(server, run);
    }

    /** {@code server}, once its log says it runs on {@code run}'s selector; else it is closed and this throws. */
    private static <S extends ServerUnderTest> S checkSelector(S server, Run run) throws IOException {
        String mismatch = run.selector().mismatch(server.log());
        if (mismatch != null) {
            server.close();
            throw new IOException(mismatch);
        }
        return server;
    }

    /**
     * The child JVM's command line for {@code contender} serving echo in {@code style}, or HTTP
     * if {@code http} (the HTTP handler; Netty {@code --http}), over the run's TLS.
     */
    List<String> tlsCommand(Run run, boolean http) {
        List<String> command = new ArrayList<>(childCommand(run, Transport.TCP));
        if (http && run.contender() == Contender.NETTY) {
            command.add("--http");
        } else if (http) {
            command.replaceAll(arg -> arg.equals("--handler=echo") ? "--handler=http" : arg);
        }
        command.addAll(benchTls.serverArgs());
        return command;
    }

    /** The rows of the held workload: each run once. */
    private List<HeldMeasurement> measureHeld(PrintWriter err) throws InterruptedException {
        List<HeldMeasurement> rows = new ArrayList<>();
        for (Run run : plan(Workload.HELD)) {
            String name = "held: " + run.name();
            progress.row(name);
            err.println("compare: " + name + ": starting");
            err.flush();
            HeldMeasurement row;
            try {
                row = measureHeld(run, err);
            } catch (IOException | RuntimeException e) {
                row = HeldMeasurement.failed(run.contender(), run.style(), held,
                        e.getMessage() != null ? e.getMessage() : e.toString()).withSelector(run.selector());
            }
            err.println("compare: " + name + ": " + (row.ok()
                    ? String.format(Locale.ROOT, "RSS %,d KiB idle, %,d KiB holding %,d (%s KiB each); threads %d"
                            + " idle, %d holding", row.idleRssBytes() >> 10, row.rssBytes() >> 10, held,
                            CompareReport.number(row.rssBytesPerConnection() / 1024), row.idleThreads(),
                            row.threads())
                    : "failed: " + row.failure()));
            err.flush();
            rows.add(row);
        }
        notTakingPart(Workload.HELD).forEach(run -> rows.add(HeldMeasurement.notRun(run.contender(), run.style(),
                held, participation().whyNot(run.contender(), Workload.HELD))));
        return rows;
    }

    private HeldMeasurement measureHeld(Run run, PrintWriter err)
            throws IOException, InterruptedException {
        Contender contender = run.contender();
        Style style = run.style();
        try (ServerUnderTest server = start(childCommand(run, Transport.TCP), run, aloneForMemory())) {
            InetSocketAddress address = server.address();
            long pid = server.pid();
            err.println("compare:   pid " + pid + " listening on " + address.getHostString() + ":"
                    + address.getPort() + "; holding " + held + " connections"
                    + (heldBusy > 0 ? ", " + heldBusy + " busy" : ""));
            err.flush();
            ProcessMemory.Reading idle = ProcessMemory.afterFullGc(server, contender.jvm());
            long start = System.nanoTime();
            try (HeldConnections connections = HeldConnections.open(address, held, HELD_TIMEOUT);
                    LoadGenerator busy = heldBusy > 0
                            ? LoadGenerator.open(address, heldBusy, messageSize, 1, CONNECT_TIMEOUT) : null) {
                long openMillis = (System.nanoTime() - start) / 1_000_000;
                if (busy != null) {
                    busy.start();
                    busy.awaitFirstReplies(CONNECT_TIMEOUT);
                    busy.awaitUnlessFailed(Duration.ofSeconds(1));
                }
                ProcessMemory.Reading holding = ProcessMemory.afterFullGc(server, contender.jvm());
                if (busy != null) {
                    busy.awaitUnlessFailed(Duration.ZERO);
                }
                int notEchoing = connections.echoAll();
                if (!server.isAlive()) {
                    throw new IOException("the server died while measured");
                }
                return new HeldMeasurement(contender, style, held, heldBusy, idle.status().rssBytes(),
                        idle.status().threads(), holding.status().rssBytes(), holding.status().threads(),
                        idle.heapUsedBytes(), holding.heapUsedBytes(), idle.gcDone() && holding.gcDone(), openMillis,
                        notEchoing, null).withSelector(run.selector());
            } catch (IOException e) {
                throw new IOException(e.getMessage() + server.logTail(), e);
            }
        }
    }

    /** The rows of the scale workload: each run once ({@link ScaleRun}), then the servers not taking part. */
    private List<ScaleMeasurement> measureScale(PrintWriter err) throws InterruptedException {
        ScaleRun.Settings settings = new ScaleRun.Settings(held, scaleBusy, messageSize,
                Math.min(clientThreads, scaleBusy), warmup, duration, CONNECT_TIMEOUT, HELD_TIMEOUT);
        List<ScaleMeasurement> rows = new ArrayList<>();
        for (Run run : plan(Workload.SCALE)) {
            String name = "scale: " + run.name();
            progress.row(name);
            err.println("compare: " + name + ": starting; " + scaleBusy + " busy connections alone, then beside "
                    + held + " idle ones");
            err.flush();
            ScaleMeasurement row;
            try (ServerUnderTest server = start(childCommand(run, Transport.TCP), run, aloneForMemory())) {
                try {
                    row = ScaleRun.measure(server, run, settings, err);
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + server.logTail(), e);
                }
            } catch (IOException | RuntimeException e) {
                row = ScaleMeasurement.failed(run, held, e.getMessage() != null ? e.getMessage() : e.toString());
            }
            err.println("compare: " + name + ": " + (row.ok()
                    ? String.format(Locale.ROOT, "%,.0f req/s alone, %,.0f beside the idle ones (%s µs CPU/req"
                            + " alone, %s beside); RSS %,d KiB holding them, %d threads",
                            row.alone().requestsPerSecond(), row.beside().requestsPerSecond(),
                            CompareReport.number(row.alone().serverCpuMicrosPerRequest()),
                            CompareReport.number(row.beside().serverCpuMicrosPerRequest()),
                            row.held().rssBytes() >> 10, row.held().threads())
                    : row.describeNotOk()));
            err.flush();
            rows.add(row);
        }
        notTakingPart(Workload.SCALE).forEach(run -> rows.add(ScaleMeasurement.notRun(run.contender(), run.style(),
                held, participation().whyNot(run.contender(), Workload.SCALE))));
        return rows;
    }

    /** The servers chat-flood runs: every one asked for that takes part, in the event style, on each selector. */
    List<Run> chatFloodPlan() {
        return plan(Workload.CHAT_FLOOD);
    }

    /** The rows of the chat-flood workload: each server once. */
    private List<ChatFloodReport.Row> measureChatFlood(PrintWriter err) throws InterruptedException {
        List<ChatFloodReport.Row> rows = new ArrayList<>();
        for (Run run : chatFloodPlan()) {
            Contender contender = run.contender();
            String name = "chat-flood: " + contender.label()
                    + (run.selector() == contender.selector() ? "" : " " + run.selector().label());
            progress.row(name);
            err.println("compare: " + name + ": starting");
            err.flush();
            ChatFloodReport.Row row;
            try (ServerUnderTest server = start(chatCommand(run), run, false)) {
                ChatFlood.Result result;
                try {
                    result = ChatFlood.run(server.address(), chatLines, chatTimeLimit, chatCSilence());
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + server.logTail(), e);
                }
                long rss = ProcessMemory.status(server.pid()).map(ProcessMemory.Status::rssBytes).orElse(-1L);
                row = new ChatFloodReport.Row(contender, result, rss, null).withSelector(run.selector());
            } catch (IOException | RuntimeException e) {
                row = new ChatFloodReport.Row(contender, null, -1,
                        e.getMessage() != null ? e.getMessage() : e.toString()).withSelector(run.selector());
            }
            err.println("compare: " + name + ": " + (row.ok()
                    ? String.format(Locale.ROOT, "B got %,d of %,d lines%s; A sent %,d, longest write %,d ms;"
                            + " C %s", row.result().received(), chatLines,
                            row.result().inOrder() ? "" : " (out of order)",
                            row.result().sent(), row.result().longestWriteMillis(),
                            row.result().cDisconnected() ? "disconnected" : "still connected")
                    : "failed: " + row.failure()));
            err.flush();
            rows.add(row);
        }
        notTakingPart(Workload.CHAT_FLOOD).forEach(run -> rows.add(ChatFloodReport.Row.notRun(run.contender(),
                participation().whyNot(run.contender(), Workload.CHAT_FLOOD))));
        return rows;
    }

    /** The child JVM's command line for {@code run}'s server serving chat. */
    List<String> chatCommand(Run run) {
        List<String> command = new ArrayList<>(childCommand(new Run(run.contender(), Style.EVENT, run.selector()),
                Transport.TCP));
        command.replaceAll(arg -> arg.equals("--handler=echo") ? "--handler=chat" : arg);
        return command;
    }

    /** The child JVM's command line for {@code contender} serving echo over TCP in {@code style}. */
    List<String> childCommand(Contender contender, Style style) {
        return childCommand(contender, style, Transport.TCP);
    }

    /** The child JVM's command line for {@code contender} serving echo over {@code transport} (TCP or UDP). */
    List<String> childCommand(Contender contender, Style style, Transport transport) {
        return childCommand(new Run(contender, style), transport);
    }

    /**
     * The child's command line for {@code run}'s server serving echo over {@code transport} (TCP
     * or UDP) on its selector: a JVM ({@code serve}, {@link NettyEchoServer}) or Python.
     */
    List<String> childCommand(Run run, Transport transport) {
        Contender contender = run.contender();
        Style style = run.style();
        if (contender == Contender.PYTHON) {
            return PythonEchoServer.command(PythonEchoServer.interpreter()
                    .orElseThrow(() -> new IllegalStateException("no python3 on PATH")), run.selector());
        }
        boolean udp = transport == Transport.UDP;
        List<String> command = new ArrayList<>(jvmCommand(run, serverMainClass(run)));
        if (contender == Contender.NETTY) {
            command.addAll(List.of("--host=127.0.0.1", "--port=0", "--threads=" + serverThreads()));
            if (udp) {
                command.add("--udp");
            }
            return command;
        }
        command.addAll(List.of("serve", "--strategy=" + contender.strategy(),
                "--style=" + style, "--handler=echo", "--host=127.0.0.1", "--port=0", "--idle-timeout=0",
                "--grace-period=2s", "--stop-on-stdin-eof", "--report-selector"));
        if (udp) {
            command.add("--transport=udp");
        }
        if (contender == Contender.HYBRID && workers > 0) {
            command.add("--workers=" + workers);
        }
        if (contender == Contender.FORKING) {
            // A child per connection, started when it comes: no spare children, idle or starting.
            command.addAll(List.of("--prespawn=0", "--max-spare=0",
                    "--max-children=" + Participation.FORKING_MAX_CONNECTIONS));
        }
        return command;
    }

    /** The main class of {@code run}'s server JVM when it runs in one of its own. */
    private static Class<?> serverMainClass(Run run) {
        return run.contender() == Contender.NETTY ? NettyEchoServer.class : Main.class;
    }

    /**
     * The command line of a JVM for {@code run}'s server, up to and with {@code mainClass}: the
     * {@code --jvm-option}s, the selector's options, the class-data archive of {@code mainClass}
     * ({@link ServerClassArchive}) and this JVM's class path.
     */
    List<String> jvmCommand(Run run, Class<?> mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(run.selector().jvmOptions());
        command.addAll(ServerClassArchive.jvmOptions(mainClass.getName(), System.getProperty("java.class.path"),
                jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        return command;
    }

    /**
     * The command line of the {@link ServerHost} JVM that runs {@code run}'s servers: one per
     * server and selector, set up as that server's own JVM would be ({@code --hybrid} for
     * HybridServer).
     */
    List<String> hostCommand(Run run) {
        List<String> command = new ArrayList<>(jvmCommand(run, ServerHost.class));
        command.add("--name=" + run.contender().label().replace(' ', '-'));
        if (run.contender() == Contender.HYBRID) {
            command.add("--hybrid");
        }
        return command;
    }

    /**
     * Whether a held or scale row's server gets a JVM of its own, so that what it holds is its own
     * and not what earlier rows left: always, but under {@code --quick}, whose figures are not for
     * reading.
     */
    private boolean aloneForMemory() {
        return !quick;
    }

    /** The commands of the {@link ServerHost}s the run's rows share: one per JVM server and selector planned. */
    List<List<String>> sharedHostCommands() {
        List<List<String>> commands = new ArrayList<>();
        for (Workload workload : new LinkedHashSet<>(workloads)) {
            if ((workload == Workload.HELD || workload == Workload.SCALE) && aloneForMemory()) {
                continue;
            }
            for (Run run : plan(workload)) {
                if (run.contender().jvm()) {
                    commands.add(hostCommand(run));
                }
            }
        }
        return commands;
    }

    /** Where {@code --html} writes the report, or {@code null} for {@code --html=none}. */
    Path htmlFile() {
        return html.equals("none") ? null : Path.of(html);
    }

    /**
     * The child's command line for {@code run}'s server in the churn workload: as
     * {@link #childCommand(Run, Transport)}, but ForkingServer keeps a pool of warm spare
     * children (what a new connection per request needs), not the other workloads' none: twice
     * the churning clients, at most serve's default of 32.
     */
    List<String> churnCommand(Run run) {
        List<String> command = new ArrayList<>(childCommand(run, Transport.TCP));
        if (command.removeAll(List.of("--prespawn=0", "--max-spare=0"))) {
            int spares = Math.min(ServeCommand.CLI_SPARE_CHILDREN, 2 * churnConnections);
            command.addAll(List.of("--start-spare=" + spares, "--max-spare=" + spares));
        }
        return command;
    }

    /**
     * The warm-up of a row: {@code --warmup}, but {@link #TLS_MIN_WARMUP} at least over TLS (not
     * under {@code --quick}). Every TLS row gets it, in a shared JVM too: a blocking handler's row
     * after the event handler's in the same JVM, warmed up for 500 ms, cost SelectServer 210 to
     * 330 µs of CPU per request against 55 to 61 with 3 s (its path over TLS is its own).
     */
    Duration warmup(boolean overTls) {
        return overTls && !quick && warmup.compareTo(TLS_MIN_WARMUP) < 0 ? TLS_MIN_WARMUP : warmup;
    }

    /**
     * Whether a tls-http row warming up for {@code rowWarmup} runs wrk's warm-up run (at least
     * {@link WrkLoad#SHORTEST}): unless it is 0, or, under {@code --quick}, shorter than that in a
     * server JVM that has served tls-echo: its TLS code is compiled, and a cold JVM's first
     * handshakes could leave wrk's one measured second without a request.
     */
    private boolean wrkWarmsUp(Duration rowWarmup, ServerUnderTest server) {
        boolean quickAndCompiled = quick && servedTlsEcho.contains(server.pid());
        return !rowWarmup.isZero() && (rowWarmup.compareTo(WrkLoad.SHORTEST) >= 0 || !quickAndCompiled);
    }

    /**
     * The tls-http table's sentence on what wrk, which runs for whole seconds, makes of a
     * {@code --warmup} or {@code --duration} that is not, or "".
     */
    String wrkWarmupNote() {
        List<String> parts = new ArrayList<>();
        if (duration.toMillis() % 1000 != 0) {
            parts.add("its measured run lasts " + DurationConverter.format(Duration.ofSeconds(
                    Math.max(WrkLoad.SHORTEST.toSeconds(), (duration.toMillis() + 999) / 1000))));
        }
        Duration tlsWarmup = warmup(true);
        if (!tlsWarmup.isZero() && tlsWarmup.compareTo(WrkLoad.SHORTEST) < 0) {
            parts.add("a warm-up of " + DurationConverter.format(tlsWarmup) + " is one of "
                    + DurationConverter.format(WrkLoad.SHORTEST)
                    + (quick && !freshJvm ? ", or none in a server JVM that has served tls-echo" : ""));
        }
        return parts.isEmpty() ? "" : " wrk runs for whole seconds: " + String.join("; ", parts) + ".";
    }

    /** HybridServer's workers and Netty's event-loop threads. */
    int serverThreads() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** The echo workload's settings, with the command line of the whole run. */
    CompareReport.Settings settings() {
        return settings(Workload.ECHO);
    }

    /** The settings of closed-loop {@code workload} (echo or large), with the command line of the whole run. */
    CompareReport.Settings settings(Workload workload) {
        Load load = load(workload);
        return new CompareReport.Settings(command(), load.connections(), load.messageSize(), load.clientThreads(),
                warmup(load.tls() != null), duration, rounds, serverThreads(), load.rate(), freshJvm);
    }

    /**
     * How long chat-flood reads C's connection at the end, once silent, for the server's end of
     * it: {@link ChatFlood#C_CHECK}, but under {@code --quick} the warm-up and measured window of
     * a row (a server that is slower to end it than that reads as still connecting C).
     */
    Duration chatCSilence() {
        return quick ? warmup.plus(duration) : ChatFlood.C_CHECK;
    }

    /** The udp-echo workload's settings, with the command line of the whole run. */
    UdpReport.Settings udpSettings() {
        return new UdpReport.Settings(settings(Workload.UDP_ECHO), udpWindow, UDP_LOSS_TIMEOUT);
    }

    /** The chat-flood workload's settings, with the command line of the whole run. */
    ChatFloodReport.Settings chatFloodSettings() {
        return new ChatFloodReport.Settings(command(), chatLines, chatTimeLimit, chatCSilence());
    }

    /** The scale workload's settings: its busy closed loop and the idle connections, with the command line. */
    ScaleReport.Settings scaleSettings() {
        return new ScaleReport.Settings(new CompareReport.Settings(command(), scaleBusy, messageSize,
                Math.min(clientThreads, scaleBusy), warmup, duration, rounds, serverThreads(), 0, true), held);
    }

    /** The held workload's settings, with the command line of the whole run. */
    HeldReport.Settings heldSettings() {
        return new HeldReport.Settings(command(), held, heldBusy, messageSize, serverThreads());
    }

    /**
     * The command line that reproduces this run, every option spelled out; the workload options
     * only when a workload other than echo runs (so echo alone reads as before they existed).
     */
    String command() {
        Set<Workload> chosen = new LinkedHashSet<>(workloads);
        String command = "compare --strategies=" + join(new LinkedHashSet<>(contenders))
                + " --styles=" + join(new LinkedHashSet<>(styles))
                + " --connections=" + connections + " --message-size=" + messageSize
                + " --duration=" + DurationConverter.format(duration) + " --warmup=" + DurationConverter.format(warmup)
                + " --rounds=" + rounds + " --redo-disturbed=" + redoDisturbed
                + " --workers=" + workers + " --client-threads=" + clientThreads
                + (rate > 0 ? " --rate=" + rate : "");
        if (!chosen.equals(Set.of(Workload.ECHO))) {
            command += " --workloads=" + join(chosen);
            if (chosen.contains(Workload.LARGE)) {
                command += " --large-size=" + largeSize + " --large-connections=" + largeConnections;
            }
            if (chosen.contains(Workload.HELD)) {
                command += " --held=" + held + " --held-busy=" + heldBusy;
            }
            if (chosen.contains(Workload.CHAT_FLOOD)) {
                command += " --chat-lines=" + chatLines + " --chat-time-limit="
                        + DurationConverter.format(chatTimeLimit);
            }
            if (chosen.contains(Workload.UDP_ECHO)) {
                command += " --udp-senders=" + udpSenders + " --udp-window=" + udpWindow;
            }
            if (chosen.contains(Workload.TLS_ECHO)) {
                command += " --tls-echo-connections=" + tlsEchoConnections + " --tls-echo-size=" + tlsEchoSize;
            }
            if (chosen.contains(Workload.TLS_HTTP)) {
                command += " --tls-http-connections=" + tlsHttpConnections;
            }
            if (chosen.contains(Workload.HTTP_PIPELINED)) {
                command += " --pipeline=" + pipeline;
            }
            if (chosen.contains(Workload.SCALE)) {
                command += " --held=" + held + " --scale-busy=" + scaleBusy;
            }
            if (chosen.contains(Workload.CHURN)) {
                command += " --churn-connections=" + churnConnections;
            }
        }
        if (!new LinkedHashSet<>(selectors).equals(Set.of(SelectorChoice.EPOLL))) {
            command += " --selectors=" + join(new LinkedHashSet<>(selectors));
        }
        return command + jvmOptions.stream().map(o -> " --jvm-option=" + o).collect(Collectors.joining());
    }

    private static String join(Iterable<?> items) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.toString()));
        return String.join(",", names);
    }

    void checkOptions() {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw invalid("--connections", connections + " is not in 1.." + MAX_CONNECTIONS);
        }
        if (messageSize < 1 || messageSize > MAX_MESSAGE_SIZE) {
            throw invalid("--message-size", messageSize + " is not in 1.." + MAX_MESSAGE_SIZE);
        }
        if (2L * connections * messageSize > MAX_BUFFERED) {
            throw new ParameterException(spec.commandLine(), "--connections times --message-size is over "
                    + (MAX_BUFFERED / 2 >> 20) + " MiB: the load generator keeps two buffers per connection");
        }
        if (duration.isZero()) {
            throw invalid("--duration", "it must be more than 0");
        }
        if (rounds < 1 || rounds > 100) {
            throw invalid("--rounds", rounds + " is not in 1..100");
        }
        if (redoDisturbed < 0) {
            throw invalid("--redo-disturbed", redoDisturbed + " is negative");
        }
        if (workers < 0) {
            throw invalid("--workers", workers + " is negative");
        }
        if (clientThreads < 1 || clientThreads > connections) {
            throw invalid("--client-threads", clientThreads + " is not in 1..--connections (" + connections + ")");
        }
        if (contenders.isEmpty()) {
            throw invalid("--strategies", "name at least one server");
        }
        if (styles.isEmpty()) {
            throw invalid("--styles", "name at least one style");
        }
        if (workloads.isEmpty()) {
            throw invalid("--workloads", "name at least one workload");
        }
        if (selectors.isEmpty() || selectors.contains(SelectorChoice.NONE)) {
            throw invalid("--selectors", "name epoll, poll or both");
        }
        if (churnConnections < 1 || churnConnections > MAX_CHURN_CONNECTIONS) {
            throw invalid("--churn-connections", churnConnections + " is not in 1.." + MAX_CHURN_CONNECTIONS);
        }
        if (scaleBusy < 1 || scaleBusy > MAX_HELD_BUSY) {
            throw invalid("--scale-busy", scaleBusy + " is not in 1.." + MAX_HELD_BUSY);
        }
        if (largeConnections < 1 || largeConnections > MAX_CONNECTIONS) {
            throw invalid("--large-connections", largeConnections + " is not in 1.." + MAX_CONNECTIONS);
        }
        if (largeSize < 1 || largeSize > MAX_LARGE_SIZE) {
            throw invalid("--large-size", largeSize + " is not in 1.." + MAX_LARGE_SIZE);
        }
        if (2L * largeConnections * largeSize > MAX_BUFFERED) {
            throw new ParameterException(spec.commandLine(), "--large-connections times --large-size is over "
                    + (MAX_BUFFERED / 2 >> 20) + " MiB: the load generator keeps two buffers per connection");
        }
        if (held < 1 || held > MAX_HELD) {
            throw invalid("--held", held + " is not in 1.." + MAX_HELD);
        }
        if (heldBusy < 0 || heldBusy > MAX_HELD_BUSY) {
            throw invalid("--held-busy", heldBusy + " is not in 0.." + MAX_HELD_BUSY);
        }
        if (chatLines < 1 || chatLines > MAX_CHAT_LINES) {
            throw invalid("--chat-lines", chatLines + " is not in 1.." + MAX_CHAT_LINES);
        }
        if (chatTimeLimit.isZero()) {
            throw invalid("--chat-time-limit", "it must be more than 0");
        }
        if (udpSenders < 1 || udpSenders > MAX_UDP_SENDERS) {
            throw invalid("--udp-senders", udpSenders + " is not in 1.." + MAX_UDP_SENDERS);
        }
        if (udpWindow < 1 || udpWindow > MAX_UDP_WINDOW) {
            throw invalid("--udp-window", udpWindow + " is not in 1.." + MAX_UDP_WINDOW);
        }
        if (tlsEchoConnections < 1 || tlsEchoConnections > MAX_TLS_ECHO_CONNECTIONS) {
            throw invalid("--tls-echo-connections", tlsEchoConnections + " is not in 1.." + MAX_TLS_ECHO_CONNECTIONS);
        }
        if (tlsEchoSize < 1 || tlsEchoSize > MAX_LARGE_SIZE) {
            throw invalid("--tls-echo-size", tlsEchoSize + " is not in 1.." + MAX_LARGE_SIZE);
        }
        if (tlsHttpConnections < 1 || tlsHttpConnections > MAX_CONNECTIONS) {
            throw invalid("--tls-http-connections", tlsHttpConnections + " is not in 1.." + MAX_CONNECTIONS);
        }
        if (html.isBlank()) {
            throw invalid("--html", "name a file, or none");
        }
        if (pipeline < 1 || pipeline > MAX_PIPELINE) {
            throw invalid("--pipeline", pipeline + " is not in 1.." + MAX_PIPELINE);
        }
        if (rate < 0 || rate > MAX_RATE) {
            throw invalid("--rate", rate + " is not in 0.." + MAX_RATE);
        }
        if (rate > 0 && !OPEN_LOOP_WORKLOADS.containsAll(workloads)) {
            throw invalid("--rate", "an open loop runs echo, large, http, http-pipelined and resp only, not "
                    + join(workloads.stream().filter(w -> !OPEN_LOOP_WORKLOADS.contains(w)).distinct().toList()));
        }
        if (workloads.contains(Workload.UDP_ECHO)
                && (messageSize < UdpEchoLoad.MIN_MESSAGE_SIZE || messageSize > UdpEchoLoad.MAX_MESSAGE_SIZE)) {
            throw invalid("--message-size", messageSize + " is not in " + UdpEchoLoad.MIN_MESSAGE_SIZE + ".."
                    + UdpEchoLoad.MAX_MESSAGE_SIZE + ", the datagrams the udp-echo workload can send");
        }
    }

    private ParameterException invalid(String option, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + why);
    }
}
