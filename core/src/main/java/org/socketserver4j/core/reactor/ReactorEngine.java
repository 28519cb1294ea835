package org.socketserver4j.core.reactor;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.socketserver4j.core.engine.ChannelOptions;
import org.socketserver4j.core.engine.EngineSettings;
import org.socketserver4j.core.engine.ServerHooks;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.EventHandler;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * The reactor engine: one reactor that accepts and does all I/O. Event handlers run on the
 * reactor thread; blocking handlers run on the handler pool through a {@link BlockingBridge}.
 */
public final class ReactorEngine extends AcceptorEngine<ReactorConnection> {

    private Reactor reactor;
    private ExecutorService handlerPool;

    /** Makes the engine; nothing runs until {@link #start}. */
    public ReactorEngine(EngineSettings settings, ServerHooks hooks) {
        super(settings, hooks);
    }

    @Override
    protected Reactor startReactors() throws IOException {
        reactor = new Reactor(settings.name() + "-select");
        if (hooks.handlerFactory() instanceof HandlerFactory.Blocking) {
            handlerPool = settings.handlerExecutor().get();
        }
        reactor.start();
        return reactor;
    }

    @Override
    protected void accepted(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        if (settings.tcpNoDelay()) {
            ChannelOptions.setIfSupported(channel, StandardSocketOptions.TCP_NODELAY, true);
        }
        ReactorConnection[] self = new ReactorConnection[1];
        self[0] = new ReactorConnection(reactor, channel, hooks, settings, () -> closed(self[0]));
        track(self[0]);
        hooks.accepted(self[0]);
    }

    @Override
    public void process(Connection connection) {
        ReactorConnection c = (ReactorConnection) connection;
        EventHandler handler = switch (hooks.handlerFactory()) {
            case HandlerFactory.Event event -> event.newHandler();
            case HandlerFactory.Blocking blocking -> new BlockingBridge(c, hooks, handlerPool,
                    settings.inboundCapacity(), settings.highWatermark());
        };
        c.reactor().runOrPost(() -> c.open(handler));
    }

    @Override
    public void closeAll() {
        for (ReactorConnection c : connections.snapshot()) {
            hooks.statistics().connectionForceClosed();
            c.closeNow(CloseReason.SERVER_CLOSE);
        }
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        reactor.shutdown();
        reactor.awaitTermination(timeout);
        if (handlerPool != null) {
            handlerPool.shutdown();
            handlerPool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            handlerPool.shutdownNow();
        }
    }
}
