package org.socketserver4j.core.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A connected UDP test client; receives wait at most 5 s. */
public final class UdpClient implements AutoCloseable {

    private final DatagramSocket socket;

    /** A client of {@code server}, bound to 127.0.0.1 on a free port. */
    public UdpClient(SocketAddress server) throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.connect(server);
        socket.setSoTimeout(5000);
        socket.setReceiveBufferSize(1 << 20);
    }

    /** Sends one datagram. */
    public void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length));
    }

    /** Receives one datagram (up to 65,535 bytes). */
    public byte[] receive() throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return Arrays.copyOf(buffer, packet.getLength());
    }

    /** Sends {@code text} and returns the reply as text. */
    public String call(String text) throws IOException {
        send(text.getBytes(StandardCharsets.US_ASCII));
        return new String(receive(), StandardCharsets.US_ASCII);
    }

    /** Sets how long a receive waits. */
    public void setTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        socket.close();
    }
}
