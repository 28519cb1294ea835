package org.socketserver4j.samples;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference server of {@code compare}: echo on Netty 4.2's NIO transport, written the way
 * Netty's own echo example is (write what is read, flush when the read batch ends), with
 * TCP_NODELAY, one acceptor thread and {@code --threads} event-loop threads, like
 * {@code HybridServer}'s acceptor and workers.
 *
 * <p>As a program ({@code java -cp ... org.socketserver4j.samples.NettyEchoServer
 * [--host=127.0.0.1] [--port=0] [--threads=N] [--udp] [--http|--resp] [--tls-cert=FILE
 * --tls-key=FILE [--tls-protocols=P,...] [--tls-cipher-suites=S,...]]}) it prints
 * {@code listening on HOST:PORT} and serves until its standard input ends or it gets SIGTERM or
 * SIGINT; then it closes and exits 0. With {@code --udp} it serves datagram echo instead
 * ({@link NettyUdpEchoServer}); with {@code --http}, HTTP/1.1 {@code /plaintext}
 * ({@link NettyPlaintextHandler} behind {@link HttpServerCodec}); with {@code --resp}, RESP
 * {@code PING}/{@code SET}/{@code GET} ({@link NettyRespHandler} behind netty-codec-redis); with
 * {@code --tls-cert} and {@code --tls-key} (PEM), any of them but UDP over TLS: Netty's
 * {@code SslHandler} with the JDK's provider ({@link SslProvider#JDK}).
 */
public final class NettyEchoServer implements ReferenceServer {

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel listener;

    private NettyEchoServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listener) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listener = listener;
    }

    /**
     * Binds {@code address} and serves echo on {@code threads} event-loop threads.
     *
     * @throws IOException if the address cannot be bound
     */
    public static NettyEchoServer start(InetSocketAddress address, int threads) throws IOException {
        return start(address, threads, null, Protocol.ECHO);
    }

    /**
     * Binds {@code address} and serves {@code protocol} (echo, HTTP {@code /plaintext}, RESP) on
     * {@code threads} event-loop threads, over TLS if {@code tls} is not {@code null}.
     *
     * @throws IOException if the address cannot be bound
     */
    static NettyEchoServer start(InetSocketAddress address, int threads, SslContext tls, Protocol protocol)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(tls == null && protocol == Protocol.ECHO ? new EchoHandler() : new Pipeline(tls, protocol))
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
            return new NettyEchoServer(acceptor, workers, listener);
        } catch (Exception e) {
            // A bind failure arrives as the checked exception itself, thrown unchecked by Netty.
            shutdown(acceptor, workers);
            throw bindFailure(e);
        }
    }

    /**
     * What a failed start throws: a bind failure arrives from Netty as the checked exception
     * itself, thrown unchecked; an unchecked one is rethrown as it is.
     */
    static IOException bindFailure(Exception e) {
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        return new IOException(e.getMessage(), e);
    }

    /** The bound address, with the real port. */
    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Closes the listener and every connection and stops the threads. Idempotent. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        shutdown(acceptor, workers);
    }

    private static void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        for (EventLoopGroup group : groups) {
            group.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A server context of Netty's JDK provider for PEM {@code certificate} and {@code key},
     * offering only {@code protocols} and {@code cipherSuites} (none: Netty's defaults).
     *
     * @throws IOException if the files cannot be read
     */
    static SslContext tlsContext(Path certificate, Path key, List<String> protocols, List<String> cipherSuites)
            throws IOException {
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                .sslProvider(SslProvider.JDK);
        if (!protocols.isEmpty()) {
            builder.protocols(protocols);
        }
        if (!cipherSuites.isEmpty()) {
            builder.ciphers(cipherSuites);
        }
        return builder.build();
    }

    /** A connection's handlers: {@code SslHandler} when serving TLS, then echo, HTTP or RESP. */
    private static final class Pipeline extends ChannelInitializer<SocketChannel> {
        private final SslContext tls;
        private final Protocol protocol;
        private final ChannelHandler echo = new EchoHandler();
        /** RESP's handler, holding the store every connection shares. */
        private final ChannelHandler resp = new NettyRespHandler();

        Pipeline(SslContext tls, Protocol protocol) {
            this.tls = tls;
            this.protocol = protocol;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            if (tls != null) {
                channel.pipeline().addLast(tls.newHandler(channel.alloc()));
            }
            switch (protocol) {
                case HTTP -> channel.pipeline().addLast(new HttpServerCodec(), new NettyPlaintextHandler());
                case RESP -> channel.pipeline().addLast(new RedisDecoder(), new RedisBulkStringAggregator(),
                        new RedisArrayAggregator(), new RedisEncoder(), resp);
                case ECHO -> channel.pipeline().addLast(echo);
            }
        }
    }

    /**
     * A handler that writes as it reads and flushes once per read batch, as Netty's examples do;
     * it closes the connection on an error.
     */
    abstract static class FlushPerReadBatch extends ChannelInboundHandlerAdapter {
        @Override
        public final void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Writes back whatever it reads; flushes once per read batch. */
    @Sharable
    static final class EchoHandler extends FlushPerReadBatch {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }
    }

    /**
     * Serves until standard input ends or SIGTERM/SIGINT, then exits 0. Exit 2: bad usage;
     * 1: the address cannot be bound.
     */
    public static void main(String[] args) {
        ServerJvm.keepLessFreeHeap();
        ReferenceServer server;
        try {
            server = start(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("NettyEchoServer: " + e.getMessage() + "; usage: " + USAGE);
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("NettyEchoServer: " + e.getMessage());
            System.exit(1);
            return;
        }
        // On a signal: close, then halt with 0 (a signal would make the exit code 128 + its number).
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("netty-stop").unstarted(() -> {
            server.close();
            Runtime.getRuntime().halt(0);
        }));
        InetSocketAddress bound = server.address();
        System.out.println("listening on " + bound.getHostString() + ":" + bound.getPort());
        System.out.flush();
        drain(System.in);
        server.close();
        System.exit(0);
    }

    /** The arguments {@link #start(List)} and {@link #main} take. */
    static final String USAGE = "NettyEchoServer [--host=HOST] [--port=PORT] [--threads=N] [--udp] [--http|--resp]"
            + " [--tls-cert=FILE --tls-key=FILE [--tls-protocols=P,...] [--tls-cipher-suites=S,...]]";

    /**
     * Starts the server {@code args} describe ({@link #USAGE}: {@link #main}'s arguments) and says
     * on standard error which selector provider it runs on ({@code compare --selectors} checks it).
     *
     * @throws IllegalArgumentException if the arguments are wrong
     * @throws IOException if the address cannot be bound or the TLS files read; the message says
     *     which address
     */
    static ReferenceServer start(List<String> args) throws IOException {
        String host = "127.0.0.1";
        int port = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean udp = false;
        Protocol protocol = Protocol.ECHO;
        Path certificate = null;
        Path key = null;
        List<String> protocols = new ArrayList<>();
        List<String> cipherSuites = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--threads=")) {
                threads = Integer.parseInt(arg.substring("--threads=".length()));
            } else if (arg.equals("--udp")) {
                udp = true;
            } else if (arg.equals("--http") || arg.equals("--resp")) {
                if (protocol != Protocol.ECHO) {
                    throw new IllegalArgumentException("--http and --resp exclude each other");
                }
                protocol = arg.equals("--http") ? Protocol.HTTP : Protocol.RESP;
            } else if (arg.startsWith("--tls-cert=")) {
                certificate = Path.of(arg.substring("--tls-cert=".length()));
            } else if (arg.startsWith("--tls-key=")) {
                key = Path.of(arg.substring("--tls-key=".length()));
            } else if (arg.startsWith("--tls-protocols=")) {
                protocols = Arrays.asList(arg.substring("--tls-protocols=".length()).split(","));
            } else if (arg.startsWith("--tls-cipher-suites=")) {
                cipherSuites = Arrays.asList(arg.substring("--tls-cipher-suites=".length()).split(","));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (threads < 1 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("--threads must be positive and --port in 0..65535");
        }
        if ((certificate == null) != (key == null)
                || (udp && (protocol != Protocol.ECHO || certificate != null))) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together, and not with --udp;"
                    + " --http and --resp not with --udp");
        }
        ReferenceServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(host, port);
            SslContext tls = certificate == null ? null : tlsContext(certificate, key, protocols, cipherSuites);
            server = udp ? NettyUdpEchoServer.start(address, threads) : start(address, threads, tls, protocol);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        // Netty NIO's selectors come from the JDK's default provider (compare --selectors checks it).
        System.err.println(SelectorChoice.logLine(SelectorProvider.provider().getClass().getName()));
        System.err.flush();
        return server;
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // only its end matters
            }
        } catch (IOException e) {
            // a broken stdin ends serving as its end does
        }
    }
}
