package org.socketserver4j.core.fork;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * what a handler prints cannot corrupt the stream. It then reads the {@link ChildHeader},
 * makes the handler by name, serves one connection and exits: 0 on success, 1 after a handler
 * error (reported on stderr, which the parent logs).
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

    /** The argument that makes a training run for the class-data archive: load, then exit. */
    static final String TRAIN = "--train";

    private ChildMain() {}

    /** Serves one connection on stdin/stdout ({@code --train CLASS}: loads classes and exits). */
    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals(TRAIN)) {
            train(args[1]);
            return;
        }
        OutputStream connectionOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        InputStream connectionIn = new FileInputStream(FileDescriptor.in);
        ChildHeader header;
        HandlerFactory factory;
        try {
            header = ChildHeader.read(connectionIn);
            if (header == null) {
                System.exit(0);
                return;
            }
            factory = HandlerFactory.of(Class.forName(header.handlerClass()));
        } catch (Exception e) {
            log().error("forked child cannot serve", e);
            System.exit(CANNOT_SERVE);
            return;
        }
        ChildServer server = new ChildServer(header.server());
        Hooks hooks = new Hooks(server, factory);
        DaemonScheduler timers = new DaemonScheduler("child-timers");
        PipeConnection connection = new PipeConnection(connectionIn, connectionOut, header.client(),
                header.server(), hooks, childSettings(), timers);
        connection.dispatched();
        Error fatal = switch (factory) {
            case HandlerFactory.Blocking blocking -> runBlocking(hooks, connection);
            case HandlerFactory.Event event -> runEvents(hooks, connection, event);
        };
        if (fatal != null) {
            log().error("fatal error in the handler of {}", header.client(), fatal);
            System.exit(FATAL_ERROR);
        }
        System.exit(hooks.failed ? HANDLER_FAILED : 0);
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
        Thread reader = Thread.ofPlatform().name("child-connection").daemon(true).start(() -> {
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

    /** The settings a child's connection keeps: the servers' defaults. */
    private static EngineSettings childSettings() {
        return new EngineSettings("child", Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, 0,
                false, 64 * 1024, 32 * 1024, EngineSettings.DEFAULT_MAX_OUTBOUND_BYTES, 64 * 1024,
                () -> { throw new UnsupportedOperationException("a forked child runs no pool"); });
    }

    /**
     * The child's logger, made on first use: a child that has nothing to report never starts
     * a logging back-end, which can cost more CPU than the rest of the child's start-up.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(ChildMain.class);
    }

    /** Loads what serving will load, so the archive dumped at exit holds it. */
    private static void train(String handlerClass) {
        try {
            HandlerFactory factory = HandlerFactory.of(Class.forName(handlerClass));
            switch (factory) {
                case HandlerFactory.Blocking blocking -> blocking.newHandler();
                case HandlerFactory.Event event -> event.newHandler();
            }
            for (Class<?> used : new Class<?>[] {PipeConnection.class, BlockingEventLoop.class,
                    ChildHeader.class, org.socketserver4j.core.handler.LineInputStream.class}) {
                Class.forName(used.getName());
            }
            System.exit(0);
        } catch (Exception e) {
            System.exit(CANNOT_SERVE);
        }
    }

    /** The server as a child's handler sees it. */
    private record ChildServer(SocketAddress serverAddress, ServerStatistics statistics) implements Server {
        ChildServer(SocketAddress serverAddress) {
            this(serverAddress, new ServerStatistics());
        }

        @Override
        public void shutdown() {
            LoggerFactory.getLogger(ChildMain.class)
                    .warn("shutdown() in a forked child does not reach the parent server; ignored");
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
            log().error("error handling request from {}", connection.remoteAddress(), error);
        }
    }
}
