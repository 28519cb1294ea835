package org.socketserver4j.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain blocking client with a read timeout, so a broken server fails a test, not hangs it.
 * It connects over TCP (a {@link Socket}) or a Unix-domain socket (a channel, which has no
 * socket adaptor: {@link #socket()} is TCP's only).
 */
public final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final UnixChannelStreams unix;
    private final BufferedReader in;
    private final OutputStream out;

    /** Connects to {@code address} with a 10 s read timeout. */
    public LineClient(SocketAddress address) throws IOException {
        this(address, Duration.ofSeconds(10));
    }

    /** Connects to {@code address} (TCP or Unix-domain) with the given read timeout. */
    public LineClient(SocketAddress address, Duration readTimeout) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            SocketChannel channel = SocketChannel.open(address);
            socket = null;
            try {
                unix = new UnixChannelStreams(channel, readTimeout);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            in = new BufferedReader(new InputStreamReader(unix.input, StandardCharsets.UTF_8));
            out = unix.output;
        } else {
            socket = connect(address);
            unix = null;
            socket.setSoTimeout((int) readTimeout.toMillis());
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }
    }

    private LineClient(Socket connected, Duration readTimeout) throws IOException {
        socket = connected;
        unix = null;
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** A client over an already connected socket, with a 10 s read timeout. */
    public static LineClient over(Socket connected) throws IOException {
        return new LineClient(connected, Duration.ofSeconds(10));
    }

    private static Socket connect(SocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, 5000);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** Sets how long a read waits before it throws {@link java.net.SocketTimeoutException}. */
    public void setReadTimeout(Duration timeout) throws IOException {
        if (unix != null) {
            unix.setReadTimeout(timeout);
        } else {
            socket.setSoTimeout((int) timeout.toMillis());
        }
    }

    /** Sends {@code bytes} as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** This end's address (an unnamed one for a Unix-domain client). */
    public SocketAddress localAddress() throws IOException {
        return unix != null ? unix.localAddress() : socket.getLocalSocketAddress();
    }

    /** Sends {@code line} and a newline. */
    public void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one line, or null at end of stream. */
    public String readLine() throws IOException {
        return in.readLine();
    }

    /** Sends {@code line} and returns the reply line. */
    public String call(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** Whether the server has ended the stream (read returns end of stream or a reset). */
    public boolean atEndOfStream() {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The socket, for tests that need more; TCP only. */
    public Socket socket() {
        if (socket == null) {
            throw new UnsupportedOperationException("a Unix-domain client has no Socket");
        }
        return socket;
    }

    /** The address of a server. */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public void close() throws IOException {
        if (unix != null) {
            unix.close();
        } else {
            socket.close();
        }
    }
}
