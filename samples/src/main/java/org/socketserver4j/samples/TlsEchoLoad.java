package org.socketserver4j.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The load of {@code compare}'s tls-echo workload: {@code connections} TLS connections, each a
 * JDK {@link SSLSocket} driven by a platform thread of its own as a closed loop: write the
 * message, read the whole echo back, check it byte for byte, again. Every connection offers
 * {@link BenchTls#PROTOCOL} and {@link BenchTls#CIPHER_SUITE} only, checks the server's name
 * (127.0.0.1) against the certificate, and fails if the handshake settles on anything else.
 *
 * <p>Use: {@link #open}, then as any {@link SelectorLoad}. A failure is a wrong byte, an early
 * end of stream, a read that waits longer than {@link #READ_TIMEOUT} or an I/O error.
 */
public final class TlsEchoLoad extends SelectorLoad {

    /** A read waiting longer than this fails the load. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private TlsEchoLoad() {
        super(DRAIN);
    }

    /**
     * Connects and handshakes {@code connections} connections to {@code target} (threads not
     * started yet).
     *
     * @throws IOException if one fails to connect or handshake within {@code timeout}, or settles
     *     on another protocol or cipher suite; those opened are closed
     */
    public static TlsEchoLoad open(InetSocketAddress target, int connections, int messageSize, SSLContext context,
            Duration timeout) throws IOException {
        if (connections < 1 || messageSize < 1) {
            throw new IllegalArgumentException("need connections >= 1 and messageSize >= 1");
        }
        TlsEchoLoad load = new TlsEchoLoad();
        try {
            SplittableRandom random = new SplittableRandom(862);
            for (int i = 0; i < connections; i++) {
                byte[] message = new byte[messageSize];
                random.nextBytes(message);
                load.loops.add(load.new Conn(connect(target, context, timeout), message));
            }
            return load;
        } catch (IOException | RuntimeException | Error e) {
            load.close();
            throw e;
        }
    }

    private static SSLSocket connect(InetSocketAddress target, SSLContext context, Duration timeout)
            throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.setTcpNoDelay(true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {BenchTls.PROTOCOL});
            parameters.setCipherSuites(new String[] {BenchTls.CIPHER_SUITE});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.connect(target, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            SSLSession session = socket.getSession();
            if (!session.getProtocol().equals(BenchTls.PROTOCOL)
                    || !session.getCipherSuite().equals(BenchTls.CIPHER_SUITE)) {
                throw new IOException("the handshake settled on " + session.getProtocol() + " "
                        + session.getCipherSuite());
            }
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** One connection and its thread. */
    private final class Conn extends LoadLoop {
        private final SSLSocket socket;
        private final byte[] message;
        private final byte[] in;

        Conn(SSLSocket socket, byte[] message) {
            super(TlsEchoLoad.this);
            this.socket = socket;
            this.message = message;
            this.in = new byte[message.length];
        }

        @Override
        void serve() throws IOException {
            OutputStream out = socket.getOutputStream();
            InputStream input = socket.getInputStream();
            while (phase != STOP) {
                long sentAt = System.nanoTime();
                out.write(message);
                out.flush();
                int got = input.readNBytes(in, 0, in.length);
                if (got < in.length) {
                    throw new IOException("the server ended a connection (" + got + " of " + in.length
                            + " bytes of a response received)");
                }
                if (!Arrays.equals(in, message)) {
                    throw new IOException("the server sent back other bytes than it was sent");
                }
                if (phase == MEASURE) {
                    record(System.nanoTime() - sentAt);
                }
            }
        }

        @Override
        void wakeup() {
            // the thread looks at the phase after each round trip
        }

        @Override
        void abort() {
            close();
        }

        @Override
        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
