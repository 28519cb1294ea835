package org.socketserver4j.core.datagram;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.socketserver4j.core.handler.Server;
import org.socketserver4j.core.stats.ServerStatistics;

/**
 * The child of a forking UDP server: serves one datagram and exits. Arguments: the handler
 * class and the server's address. Standard input: the sender (address bytes, port) and the
 * datagram; standard output: each reply as a length and its bytes. Exit 0 when the handler
 * returned, 1 when it threw (the stack trace on stderr, which the parent logs). The handler's
 * own {@code System.out} goes to stderr, never into a reply.
 */
public final class DatagramChildMain {

    /** Exit status of a child whose handler threw. */
    public static final int HANDLER_FAILED = 1;

    private DatagramChildMain() {}

    /** Serves the datagram on stdin with a handler of class {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        DataOutputStream out = new DataOutputStream(new FileOutputStream(FileDescriptor.out));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        DataInputStream in = new DataInputStream(System.in);
        SocketAddress sender = new InetSocketAddress(InetAddress.getByAddress(in.readNBytes(in.readInt())),
                in.readInt());
        byte[] data = in.readNBytes(in.readInt());
        String serverAddress = args[1];
        Server server = new Server() {
            private final ServerStatistics statistics = new ServerStatistics();

            @Override
            public SocketAddress serverAddress() {
                return InetSocketAddress.createUnresolved(serverAddress, 0);
            }

            @Override
            public void shutdown() {
                System.err.println("shutdown() from a forked datagram handler does not reach the server");
            }

            @Override
            public ServerStatistics statistics() {
                return statistics;
            }
        };
        List<byte[]> replies = new ArrayList<>();
        int status = 0;
        try {
            switch (DatagramHandlerFactory.of(Class.forName(args[0]))) {
                case DatagramHandlerFactory.Blocking blocking -> replies.add(blocking.newHandler().run(data, sender, server));
                case DatagramHandlerFactory.Event event -> event.newHandler().onDatagram(new DatagramContext() {
                    @Override
                    public SocketAddress sender() {
                        return sender;
                    }

                    @Override
                    public Server server() {
                        return server;
                    }

                    @Override
                    public void reply(ByteBuffer reply) {
                        byte[] bytes = new byte[reply.remaining()];
                        reply.get(bytes);
                        replies.add(bytes);
                    }
                }, ByteBuffer.wrap(data).asReadOnlyBuffer());
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = HANDLER_FAILED;
        }
        if (status == 0) {
            for (byte[] reply : replies) {
                out.writeInt(reply.length);
                out.write(reply);
            }
        }
        out.flush();
        System.exit(status);
    }
}
