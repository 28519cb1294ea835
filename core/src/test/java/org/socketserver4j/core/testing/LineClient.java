package org.socketserver4j.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain blocking client with a read timeout, so a broken server fails a test, not hangs it. */
public final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    /** Connects to {@code address} with a 10 s read timeout. */
    public LineClient(SocketAddress address) throws IOException {
        this(address, Duration.ofSeconds(10));
    }

    /** Connects to {@code address} with the given read timeout. */
    public LineClient(SocketAddress address, Duration readTimeout) throws IOException {
        this(connect(address), readTimeout);
    }

    private LineClient(Socket connected, Duration readTimeout) throws IOException {
        socket = connected;
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

    /** The socket, for tests that need more. */
    public Socket socket() {
        return socket;
    }

    /** The address of a server. */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
