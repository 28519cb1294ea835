package org.socketserver4j.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ServerHost} JVMs of a run of {@code compare}: one per host command (the server's
 * name, JVM options, class path and set-up), started when a server first needs it and reused for
 * every later server of that command, each started in it and stopped again ({@link HostedServer});
 * or, {@link #startAlone}, one JVM for one server, ended with it. A host that dies or does not
 * answer in time is ended, and the next start makes a new one. {@link #close()} ends them all.
 */
final class ServerHosts implements AutoCloseable {

    private final Duration timeout;
    private final Map<List<String>, Host> hosts = new LinkedHashMap<>();

    /** Hosts that wait up to {@code timeout} for a JVM to start, and for a server to start or stop. */
    ServerHosts(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Starts a server of {@code kind} ({@code serve} or {@code netty}) with {@code args} in the
     * host that {@code hostCommand} starts, starting the host first if it does not run.
     *
     * @throws IOException if the host cannot start or the server does not: the message says why,
     *     with the end of the host's log
     * @throws InterruptedException if interrupted while waiting
     */
    HostedServer start(List<String> hostCommand, String kind, List<String> args)
            throws IOException, InterruptedException {
        checkArgs(args);
        Host host = hosts.get(hostCommand);
        if (host == null || !host.process.isAlive()) {
            if (host != null) {
                host.process.close();
            }
            host = new Host(hostCommand, timeout);
            hosts.put(List.copyOf(hostCommand), host);
        }
        return host.start(kind, args, false);
    }

    /**
     * As {@link #start}, but in a new host JVM of its own, which ends when the server is closed:
     * a server in a fresh JVM.
     */
    HostedServer startAlone(List<String> hostCommand, String kind, List<String> args)
            throws IOException, InterruptedException {
        checkArgs(args);
        Host host = new Host(hostCommand, timeout);
        try {
            return host.start(kind, args, true);
        } catch (IOException | InterruptedException | RuntimeException e) {
            host.process.close();
            throw e;
        }
    }

    private static void checkArgs(List<String> args) {
        for (String arg : args) {
            if (arg.contains(ServerHost.SEPARATOR) || arg.contains("\n") || arg.contains("\r")) {
                throw new IllegalArgumentException("a server host takes no argument with a tab or line end: " + arg);
            }
        }
    }

    /**
     * Starts the hosts of {@code hostCommands} that do not run yet, all at once, and waits until
     * each is ready or failed: a run's JVMs start side by side before anything is measured,
     * rather than one by one in the rows. A host that fails here is left for its first
     * {@link #start} to try again and report.
     *
     * @throws InterruptedException if interrupted while waiting; the hosts started are kept
     */
    void startAll(Collection<List<String>> hostCommands) throws InterruptedException {
        Map<List<String>, Future<Host>> starting = new LinkedHashMap<>();
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<String> command : new LinkedHashSet<>(hostCommands)) {
                if (!hosts.containsKey(command)) {
                    starting.put(List.copyOf(command), starters.submit(() -> new Host(command, timeout)));
                }
            }
        }
        for (Map.Entry<List<String>, Future<Host>> host : starting.entrySet()) {
            try {
                hosts.put(host.getKey(), host.getValue().get());
            } catch (ExecutionException | CancellationException e) {
                // its first start tries again, and says why it cannot
            }
        }
    }

    /** The hosts running. */
    int running() {
        return (int) hosts.values().stream().filter(host -> host.process.isAlive()).count();
    }

    /** Ends every host, and with it every server still running in it. */
    @Override
    public void close() {
        hosts.values().forEach(host -> host.process.close());
        hosts.clear();
    }

    /** One host JVM: its requests, each answered by the line with its id. */
    private static final class Host implements ServerProcess.Output, Control {
        private final Duration timeout;
        private final Map<String, CompletableFuture<List<String>>> pending = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();
        private final ServerProcess process;

        Host(List<String> command, Duration timeout) throws IOException, InterruptedException {
            this.timeout = timeout;
            this.process = ServerProcess.startHost(command, timeout, ServerHost.READY, this);
        }

        /** Starts a server in it; {@code alone}: the host ends when the server is closed. */
        HostedServer start(String kind, List<String> args, boolean alone) throws IOException, InterruptedException {
            String id = Long.toString(ids.incrementAndGet());
            List<String> request = new ArrayList<>(List.of("start", id, kind));
            request.addAll(args);
            List<String> reply = ask(id, request);
            if (reply.getFirst().equals("failed")) {
                throw new IOException(reply.size() > 2 ? reply.get(2) : "the server did not start");
            }
            if (!reply.getFirst().equals("listening") || reply.size() != 3) {
                throw new IOException("the server host answered '" + String.join(" ", reply) + "'");
            }
            String hostPort = reply.get(2);
            int colon = hostPort.lastIndexOf(':');
            return new HostedServer(alone ? new Alone(this) : this, process, id,
                    new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }

        /** Stops server {@code id}; a host that does not answer in time is ended, and the server with it. */
        @Override
        public void stop(String id) {
            try {
                ask(id, List.of("stop", id));
            } catch (IOException e) {
                process.close();
            } catch (InterruptedException e) {
                process.close();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public OptionalLong fullGc(String id) throws InterruptedException {
            try {
                List<String> reply = ask(id, List.of("gc", id));
                return reply.size() == 3 ? OptionalLong.of(Long.parseLong(reply.get(2))) : OptionalLong.empty();
            } catch (IOException | NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        private List<String> ask(String id, List<String> request) throws IOException, InterruptedException {
            CompletableFuture<List<String>> reply = new CompletableFuture<>();
            pending.put(id, reply);
            try {
                process.writeLine(String.join(ServerHost.SEPARATOR, request));
                return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage() + process.logTail(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("the server host did not answer '" + request.getFirst() + "' within "
                        + DurationConverter.format(timeout) + process.logTail());
            } catch (IOException e) {
                throw new IOException("the server host is gone: " + e.getMessage() + process.logTail(), e);
            } finally {
                pending.remove(id);
            }
        }

        @Override
        public void line(String line) {
            List<String> fields = List.of(line.split(ServerHost.SEPARATOR, -1));
            CompletableFuture<List<String>> reply = fields.size() >= 2 ? pending.get(fields.get(1)) : null;
            if (reply != null) {
                reply.complete(fields);
            }
        }

        @Override
        public void ended() {
            IOException gone = new IOException("the server host ended");
            pending.values().forEach(reply -> reply.completeExceptionally(gone));
        }
    }

    /** What a {@link HostedServer} asks of its host, by its id. */
    interface Control {
        /** Stops server {@code id} and waits until it has. */
        void stop(String id);

        /** A full GC of the host, and its heap in use after it; empty if it did not tell. */
        OptionalLong fullGc(String id) throws InterruptedException;
    }

    /** The control of a server alone in its host: stopping it ends the host. */
    private record Alone(Host host) implements Control {
        @Override
        public void stop(String id) {
            host.stop(id);
            host.process.close();
        }

        @Override
        public OptionalLong fullGc(String id) throws InterruptedException {
            return host.fullGc(id);
        }
    }

}
