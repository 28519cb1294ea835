package org.socketserver4j.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * A server JVM that {@code compare} reuses: it starts and stops the servers it is asked for, one
 * after another, so that a run of {@code compare} starts a JVM per server rather than one per row
 * (one per row is {@code compare --fresh-jvm}). The JVM is set up once as {@code serve} sets up its
 * own ({@link ServerJvm}); {@code --hybrid} also gives virtual threads half the cores, as
 * {@code serve --strategy=hybrid} does, which must happen before the JVM's first virtual thread.
 *
 * {@code --name} names it in its log (and so in {@code ps}).
 *
 * <p>It reads requests on standard input and answers on standard output, a line each, fields
 * separated by tabs; it prints {@value #READY} once it reads them:
 * <pre>
 * start ID serve ARG...   → listening ID HOST:PORT, or failed ID MESSAGE  ({@code serve}'s arguments)
 * start ID netty ARG...   → listening ID HOST:PORT, or failed ID MESSAGE  ({@link NettyEchoServer}'s)
 * stop ID                 → stopped ID  (once the server has stopped gracefully and released all)
 * gc ID                   → gc ID HEAP_USED_BYTES  (after a full GC, {@code System.gc()})
 * </pre>
 * At the end of standard input, or on SIGTERM, it stops every server it runs and exits 0. Its log,
 * and its servers', go to standard error; nothing else writes to its standard output.
 */
public final class ServerHost {

    /** The line it prints once it reads requests. */
    static final String READY = "ready";
    /** Separates the fields of a request or reply. */
    static final String SEPARATOR = "\t";

    private static final Logger log = LoggerFactory.getLogger(ServerHost.class);

    private final PrintStream replies;
    private final Map<String, AutoCloseable> running = new LinkedHashMap<>();

    private ServerHost(PrintStream replies) {
        this.replies = replies;
    }

    /** Serves requests from standard input until it ends, then exits 0; {@code --hybrid}: see the class. */
    public static void main(String[] args) throws IOException {
        List<String> unknown = List.of(args).stream()
                .filter(arg -> !arg.equals("--hybrid") && !arg.startsWith("--name=")).toList();
        if (!unknown.isEmpty()) {
            System.err.println("ServerHost: unknown arguments " + unknown + "; usage: ServerHost [--hybrid]"
                    + " [--name=NAME]");
            System.exit(2);
        }
        ServerJvm.keepLessFreeHeap();
        if (List.of(args).contains("--hybrid")) {
            ServerJvm.halveCarriers();
        }
        log.info("server host {} ready", List.of(args).stream().filter(arg -> arg.startsWith("--name="))
                .map(arg -> arg.substring("--name=".length())).findFirst().orElse(""));
        ServerHost host = new ServerHost(System.out);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("server-host-stop").unstarted(() -> {
            host.stopAll();
            Runtime.getRuntime().halt(0);
        }));
        host.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        host.stopAll();
        System.exit(0);
    }

    private void serve(BufferedReader requests) throws IOException {
        reply(READY);
        String line;
        while ((line = requests.readLine()) != null) {
            String[] fields = line.split(SEPARATOR, -1);
            if (fields.length >= 3 && fields[0].equals("start")) {
                start(fields[1], fields[2], Arrays.asList(fields).subList(3, fields.length));
            } else if (fields.length == 2 && fields[0].equals("stop")) {
                stop(fields[1]);
            } else if (fields.length == 2 && fields[0].equals("gc")) {
                System.gc();
                reply("gc", fields[1], Long.toString(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
            } else {
                log.warn("ignored a request it does not know: {}", line);
            }
        }
    }

    private synchronized void start(String id, String kind, List<String> args) {
        try {
            if (running.containsKey(id)) {
                throw new IllegalArgumentException("a server " + id + " runs already");
            }
            InetSocketAddress address;
            AutoCloseable server;
            switch (kind) {
                case "serve" -> {
                    Serving serving = serve(args);
                    server = serving;
                    address = (InetSocketAddress) serving.server().serverAddress();
                }
                case "netty" -> {
                    ReferenceServer netty = NettyEchoServer.start(args);
                    server = netty;
                    address = netty.address();
                }
                default -> throw new IllegalArgumentException("no server kind '" + kind + "': serve or netty");
            }
            running.put(id, server);
            log.info("server {} ({} {}) listening on {}:{}", id, kind, String.join(" ", args),
                    address.getHostString(), address.getPort());
            reply("listening", id, address.getHostString() + ":" + address.getPort());
        } catch (Exception e) {
            log.warn("server {} did not start", id, e);
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            reply("failed", id, message.replaceAll("[\\t\\r\\n]+", " "));
        }
    }

    /** Starts {@code serve} with {@code args} in this JVM. */
    private static Serving serve(List<String> args) throws IOException {
        ServeCommand command = new ServeCommand();
        Main.registerChoices(new CommandLine(command)).parseArgs(args.toArray(String[]::new));
        return command.start(new PrintWriter(Writer.nullWriter()));
    }

    private synchronized void stop(String id) {
        AutoCloseable server = running.remove(id);
        if (server != null) {
            close(id, server);
        }
        reply("stopped", id);
    }

    private synchronized void stopAll() {
        running.forEach(ServerHost::close);
        running.clear();
    }

    private static void close(String id, AutoCloseable server) {
        try {
            server.close();
            log.info("server {} stopped", id);
        } catch (Exception e) {
            log.warn("server {} did not stop cleanly", id, e);
        }
    }

    private void reply(String... fields) {
        replies.println(String.join(SEPARATOR, fields));
        replies.flush();
    }
}
