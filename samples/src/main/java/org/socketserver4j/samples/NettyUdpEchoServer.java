package org.socketserver4j.samples;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The UDP reference server of {@code compare --workloads=udp-echo}: datagram echo on Netty 4.2's
 * NIO transport ({@link NioDatagramChannel}), each {@link DatagramPacket} written back to its
 * sender, flushed when the read batch ends. Like {@code HybridServer}'s UDP readers it binds one
 * SO_REUSEPORT socket per event-loop thread, so the kernel spreads the senders over them.
 *
 * <p>Run as {@code NettyEchoServer --udp}, which prints {@code listening on HOST:PORT} and serves
 * until its standard input ends.
 */
public final class NettyUdpEchoServer implements ReferenceServer {

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyUdpEchoServer(EventLoopGroup group, List<Channel> channels) {
        this.group = group;
        this.channels = channels;
    }

    /**
     * Binds {@code threads} SO_REUSEPORT datagram sockets to {@code address} (the first picks the
     * port when it is 0) and serves echo on them, one event-loop thread each.
     *
     * @throws IOException if the address cannot be bound
     */
    public static NettyUdpEchoServer start(InetSocketAddress address, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        List<Channel> channels = new ArrayList<>();
        try {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(NioDatagramChannel.class)
                    .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true)
                    .handler(new EchoHandler());
            InetSocketAddress bound = address;
            for (int i = 0; i < threads; i++) {
                Channel channel = bootstrap.bind(bound).syncUninterruptibly().channel();
                channels.add(channel);
                bound = (InetSocketAddress) channel.localAddress();
            }
            return new NettyUdpEchoServer(group, channels);
        } catch (Exception e) {
            // A bind failure arrives as the checked exception itself, thrown unchecked by Netty.
            new NettyUdpEchoServer(group, channels).close();
            throw NettyEchoServer.bindFailure(e);
        }
    }

    /** The bound address, with the real port. */
    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) channels.getFirst().localAddress();
    }

    /** Closes the sockets and stops the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        group.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Writes every datagram back to its sender; flushes once per read batch. */
    @Sharable
    static final class EchoHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a datagram socket outlives a failed send (e.g. ICMP port unreachable): keep serving
        }
    }
}
