package org.socketserver4j.core.fork;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.socketserver4j.core.engine.BlockingEventLoop;
import org.socketserver4j.core.engine.CloseReason;
import org.socketserver4j.core.engine.DaemonScheduler;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.handler.Request;
import org.socketserver4j.core.handler.Server;
import org.socketserver4j.core.stats.ServerStatistics;

/**
 * The main class of a forked child. Its stdout is the connection, so before any other code
 * runs it keeps the real stdout for the connection and points {@code System.out} at stderr:
 * what a handler prints cannot corrupt the stream. It then loads, links and warms up the
 * handler class it was started for ({@link #prepare}), writes the one {@link #READY} byte, reads
 * the {@link ChildHeader}, serves one connection and exits: 0 on success, 1 after a handler
 * error (reported on stderr, which the parent logs), 2 when it cannot serve at all.
 */
public final class ChildMain {

    /** Exit status after the handler threw. */
    public static final int HANDLER_FAILED = 1;
    /** Exit status when the child could not start serving (bad header, unknown class). */
    public static final int CANNOT_SERVE = 2;
    /**
     * Exit status after an {@link Error} in the handler: like a blocking handler's thread, the
     * child dies of it, and the parent does not pass it to {@code handleError}.
     */
    public static final int FATAL_ERROR = 70;

    /** The argument that makes a training run for the start-up cache: warm up, then exit. */
    static final String TRAIN = "--train";
    /** The option that gives the warm-up request, Base64-encoded: {@code --warm-up=BASE64}. */
    static final String WARM_UP = "--warm-up=";
    /**
     * The byte a child writes on its stdout once it has loaded, linked and warmed up its
     * handler, before it reads its header: the parent knows the start is over.
     */
    static final int READY = 0x06;
    private static final long REHEARSAL_MILLIS = 2000;
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private ChildMain() {}

    /** The settings a child's connection keeps: the servers' defaults. */
    private static final EngineSettings CHILD_SETTINGS = new EngineSettings("child", Duration.ZERO,
            Duration.ZERO, Duration.ZERO, 0, 0, false, 64 * 1024, 32 * 1024,
            EngineSettings.DEFAULT_MAX_OUTBOUND_BYTES, 64 * 1024,
            () -> { throw new UnsupportedOperationException("a forked child runs no pool"); }, null);
    /** Runs the tasks handlers schedule; its thread starts on first use. */
    private static final DaemonScheduler TIMERS = new DaemonScheduler("child-timers");

    /**
     * Serves one connection on stdin/stdout. Arguments: {@code [--train] HANDLER_CLASS
     * [--warm-up=BASE64]}; with {@code --train} it only warms up and exits 0 (a training run
     * for the start-up cache).
     */
    public static void main(String[] args) {
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            // Without an SLF4J back-end on a lean class path, slf4j-api would say so on stderr
            // in every child, so in the parent's log once per connection.
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
        OutputStream connectionOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        InputStream connectionIn = new FileInputStream(FileDescriptor.in);
        boolean training = args.length > 0 && args[0].equals(TRAIN);
        int first = training ? 1 : 0;
        if (args.length <= first) {
            System.err.println("usage: ChildMain [--train] HANDLER_CLASS [--warm-up=BASE64]");
            System.exit(CANNOT_SERVE);
            return;
        }
        String handlerClass = args[first];
        byte[] warmUp = null;
        for (int i = first + 1; i < args.length; i++) {
            if (args[i].startsWith(WARM_UP)) {
                warmUp = Base64.getDecoder().decode(args[i].substring(WARM_UP.length()));
            }
        }
        HandlerFactory factory;
        try {
            factory = prepare(handlerClass, warmUp);
        } catch (Exception | LinkageError e) {
            report("forked child cannot load its handler " + handlerClass, e);
            System.exit(CANNOT_SERVE);
            return;
        }
        if (training) {
            System.exit(0);
            return;
        }
        // Made before READY: its histograms are the biggest allocation of serving, and a warm
        // child should do as little as it can between its header and its first byte.
        ServerStatistics statistics = new ServerStatistics();
        ChildHeader header;
        try {
            connectionOut.write(READY);
            connectionOut.flush();
            header = ChildHeader.read(connectionIn);
            if (header == null) {
                end(0);
                return;
            }
            if (!header.handlerClass().equals(handlerClass)) {
                throw new IOException("started for " + handlerClass + " but asked to serve "
                        + header.handlerClass());
            }
        } catch (Exception e) {
            report("forked child cannot serve", e);
            System.exit(CANNOT_SERVE);
            return;
        }
        ChildServer server = new ChildServer(header.server(), statistics);
        Hooks hooks = new Hooks(server, factory);
        PipeConnection connection = new PipeConnection(connectionIn, connectionOut, header.client(),
                header.server(), header.peer(), header.tls(), hooks, CHILD_SETTINGS, TIMERS);
        Error fatal = serve(factory, connection, hooks);
        if (fatal != null) {
            report("fatal error in the handler of " + header.client(), fatal);
            end(FATAL_ERROR);
        }
        end(hooks.failed ? HANDLER_FAILED : 0);
    }

    /**
     * Ends a child whose connection is over as Python's forked child ends, with
     * {@code os._exit}: stdout and stderr are flushed and the JVM halts; shutdown hooks do not
     * run. {@code System.exit} would first look for the platform's {@code System.Logger} (the
     * JDK logs calls of {@code Runtime.exit}), a search of every jar on the class path: about a
     * tenth of a child's start-up CPU, spent while the next child starts.
     */
    private static void end(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /** Serves {@code connection} to its end; returns an {@link Error} the handler threw. */
    private static Error serve(HandlerFactory factory, PipeConnection connection, Hooks hooks) {
        connection.dispatched();
        // instanceof, not a pattern switch: a switch's bootstrap spins a class at run time
        // (about 30 ms of a cold child's start, interpreted), which no start-up cache holds.
        if (factory instanceof HandlerFactory.Event event) {
            return runEvents(hooks, connection, event);
        }
        return runBlocking(hooks, connection);
    }

    private static Error runBlocking(Hooks hooks, PipeConnection connection) {
        try {
            hooks.runBlocking(connection);
            return null;
        } catch (Error e) {
            connection.closeNow(CloseReason.HANDLER_ERROR);
            return e;
        } finally {
            connection.close();
        }
    }

    /**
     * Runs the event loop on a thread of its own and returns once the handler has been told
     * the connection closed: a close by a task or timer must end the child even while the
     * loop waits on stdin for bytes that will not come.
     */
    private static Error runEvents(Hooks hooks, PipeConnection connection, HandlerFactory.Event event) {
        Error[] fatal = new Error[1];
        var loop = new BlockingEventLoop(connection, event.newHandler(), hooks);
        Thread.ofPlatform().name("child-connection").daemon(true).start(() -> {
            try {
                loop.run();
            } catch (Error e) {
                fatal[0] = e;
            }
        });
        try {
            connection.awaitClosed();
            connection.deliverClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            return e;
        }
        return fatal[0];
    }

    /**
     * Reports on the child's stderr, which the parent logs line by line through SLF4J under the
     * child's pid: the child's own reports need no logging back-end in the child (starting one
     * can cost more CPU than the rest of the child's start-up, and a lean class path may have
     * none), and never reach the connection.
     */
    private static void report(String message, Throwable error) {
        System.err.println(message + ":");
        error.printStackTrace(System.err);
        System.err.flush();
    }

    /**
     * What a warm child does before it says it is ready: loads, links and initialises the
     * handler class and the classes serving uses, and with a warm-up request serves it once
     * on in-memory streams (the answer is dropped), so the handler's own code path (its
     * parser, the event loop) is loaded and has run before a real connection arrives.
     */
    static HandlerFactory prepare(String handlerClass, byte[] warmUp) throws Exception {
        HandlerFactory factory = HandlerFactory.of(Class.forName(handlerClass, true,
                ChildMain.class.getClassLoader()));
        for (Class<?> used : new Class<?>[] {PipeConnection.class, BlockingEventLoop.class,
                ChildHeader.class, org.socketserver4j.core.handler.LineInputStream.class,
                org.socketserver4j.core.engine.ReadGate.class, Hooks.class, ChildServer.class,
                org.socketserver4j.core.engine.StreamConnection.class,
                org.socketserver4j.core.engine.OutboundBuffer.class,
                org.socketserver4j.core.engine.CallbackLane.class}) {
            Class.forName(used.getName(), true, used.getClassLoader());
        }
        if (warmUp != null) {
            rehearse(factory, warmUp);
        }
        return factory;
    }

    /** Serves {@code request} once on in-memory streams, for at most a couple of seconds. */
    private static void rehearse(HandlerFactory factory, byte[] request) throws InterruptedException {
        InetSocketAddress nowhere = InetSocketAddress.createUnresolved("127.0.0.1", 0);
        ChildServer server = new ChildServer(nowhere);
        Hooks hooks = new Hooks(server, factory);
        PipeConnection rehearsal = new PipeConnection(new ByteArrayInputStream(request),
                OutputStream.nullOutputStream(), nowhere, nowhere, Optional.empty(), Optional.empty(), hooks,
                CHILD_SETTINGS, TIMERS);
        Thread stage = Thread.ofPlatform().daemon().name("warm-up").start(() -> serve(factory, rehearsal, hooks));
        stage.join(REHEARSAL_MILLIS);
        rehearsal.closeNow(CloseReason.LOCAL);
        stage.join(REHEARSAL_MILLIS);
    }

    /** The server as a child's handler sees it. */
    private record ChildServer(SocketAddress serverAddress, ServerStatistics statistics) implements Server {
        ChildServer(SocketAddress serverAddress) {
            this(serverAddress, new ServerStatistics());
        }

        @Override
        public void shutdown() {
            System.err.println("shutdown() in a forked child does not reach the parent server; ignored");
        }
    }

    /** The request pipeline in a child: run the handler, report an exception, end the request. */
    private static final class Hooks implements ServerHooks {
        private final Server server;
        private final HandlerFactory factory;
        private volatile boolean failed;

        Hooks(Server server, HandlerFactory factory) {
            this.server = server;
            this.factory = factory;
        }

        @Override
        public Server server() {
            return server;
        }

        @Override
        public ServerStatistics statistics() {
            return server.statistics();
        }

        @Override
        public HandlerFactory handlerFactory() {
            return factory;
        }

        @Override
        public void accepted(Connection connection) {
            throw new UnsupportedOperationException("a forked child accepts nothing");
        }

        @Override
        public void runBlocking(Request request) {
            try {
                ((HandlerFactory.Blocking) factory).newHandler().run(request, request.remoteAddress(), server);
            } catch (Exception e) {
                handleError(request, e);
            } finally {
                request.shutdownOutput();
                request.close();
            }
        }

        @Override
        public void handleError(Connection connection, Throwable error) {
            failed = true;
            report("error handling request from " + connection.remoteAddress(), error);
        }
    }
}
