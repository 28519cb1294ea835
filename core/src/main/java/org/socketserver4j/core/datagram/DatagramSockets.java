package org.socketserver4j.core.datagram;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.UnresolvedAddressException;

/** Opens and binds a server's UDP sockets. */
public final class DatagramSockets {

    private DatagramSockets() {}

    /**
     * Opens a UDP socket bound to {@code address} with the given options.
     *
     * @param reusePort SO_REUSEPORT, needed on every socket when several share the port
     * @param receiveBufferSize SO_RCVBUF, 0 for the OS default
     * @throws IOException if it cannot be bound; nothing is left open
     */
    public static DatagramChannel bind(SocketAddress address, boolean reuseAddress, boolean reusePort,
            int receiveBufferSize) throws IOException {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("UDP needs an InetSocketAddress, not " + address
                    + " (the JDK has no Unix-domain datagram channel)");
        }
        DatagramChannel channel = DatagramChannel.open(inet.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            if (reusePort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (receiveBufferSize > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
            }
            channel.bind(address);
            return channel;
        } catch (UnresolvedAddressException e) {
            channel.close();
            throw new UnknownHostException("cannot bind " + address + ": the host name does not resolve");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
