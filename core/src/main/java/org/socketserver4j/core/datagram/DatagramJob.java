package org.socketserver4j.core.datagram;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.socketserver4j.core.handler.Server;

/**
 * One datagram's handling: makes its handler, runs it and sends its reply, if any, through
 * the socket it came in on (or has a child JVM run the handler, and sends its replies). An exception goes to {@code handleError}; an {@link Error} is
 * rethrown to the running thread.
 */
final class DatagramJob implements Runnable, DatagramContext {

    private final byte[] data;
    private final SocketAddress sender;
    private final DatagramChannel channel;
    private final DatagramHooks hooks;

    private final DatagramChildren children;

    DatagramJob(byte[] data, SocketAddress sender, DatagramChannel channel, DatagramHooks hooks,
            DatagramChildren children) {
        this.children = children;
        this.data = data;
        this.sender = sender;
        this.channel = channel;
        this.hooks = hooks;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            if (children != null) {
                for (byte[] reply : children.serve(data, sender)) {
                    reply(ByteBuffer.wrap(reply));
                }
                return;
            }
            switch (hooks.handlerFactory()) {
                case DatagramHandlerFactory.Blocking blocking -> {
                    byte[] reply = blocking.newHandler().run(data, sender, hooks.server());
                    reply(ByteBuffer.wrap(reply));
                }
                case DatagramHandlerFactory.Event event ->
                        event.newHandler().onDatagram(this, ByteBuffer.wrap(data).asReadOnlyBuffer());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            hooks.handleError(sender, e);
        } finally {
            hooks.handlerRan(System.nanoTime() - start);
        }
    }

    @Override
    public SocketAddress sender() {
        return sender;
    }

    @Override
    public Server server() {
        return hooks.server();
    }

    @Override
    public void reply(ByteBuffer reply) throws IOException {
        int length = reply.remaining();
        if (length == 0) {
            return;
        }
        if (channel.send(reply, sender) == 0) {
            hooks.statistics().replyDropped();
        } else {
            hooks.statistics().replied(length);
        }
    }
}
