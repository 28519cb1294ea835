package org.socketserver4j.core.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS between two {@link SSLEngine}s in memory, with no socket: each wraps into a buffer the
 * other unwraps from, until both have finished the handshake. For tests of what a context's
 * engines do (protocols, SNI, ALPN, client certificates) apart from any engine driver.
 */
public final class InMemoryTls {

    private static final int MAX_STEPS = 200;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer toServer;
    private final ByteBuffer toClient;

    private InMemoryTls(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
        this.toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize() * 4);
        this.toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize() * 4);
    }

    /**
     * Runs the handshake between {@code client} (put in client mode here) and {@code server}.
     *
     * @return the pair, for {@link #echo} after the handshake
     * @throws SSLException if either side fails it
     */
    public static InMemoryTls handshake(SSLEngine client, SSLEngine server) throws SSLException {
        client.setUseClientMode(true);
        InMemoryTls pair = new InMemoryTls(client, server);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            boolean moved = pair.step(client, pair.toClient, pair.toServer)
                    | pair.step(server, pair.toServer, pair.toClient);
            if (!moved && done(client) && done(server)) {
                return pair;
            }
        }
        throw new SSLException("the handshake did not finish in " + MAX_STEPS + " steps");
    }

    private static boolean done(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** One move of {@code engine}: runs its tasks, wraps into {@code out} or unwraps from {@code in}. */
    private boolean step(SSLEngine engine, ByteBuffer in, ByteBuffer out) throws SSLException {
        ByteBuffer application = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        switch (engine.getHandshakeStatus()) {
            case NEED_TASK -> {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                return true;
            }
            case NEED_WRAP -> {
                SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
                return result.bytesProduced() > 0 || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
            }
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                try {
                    SSLEngineResult result = engine.unwrap(in, application);
                    return result.bytesConsumed() > 0 || result.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP;
                } finally {
                    in.compact();
                }
            }
            default -> {
                // finished: take what the peer sent after the handshake (TLS 1.3 session tickets)
                if (in.position() == 0) {
                    return false;
                }
                receive(engine, in);
                return true;
            }
        }
    }

    /**
     * Sends {@code text} from the client to the server, then back, and returns what came back:
     * application data over the finished handshake.
     */
    public String echo(String text) throws SSLException {
        send(client, toServer, text.getBytes(StandardCharsets.UTF_8));
        byte[] atServer = receive(server, toServer);
        send(server, toClient, atServer);
        return new String(receive(client, toClient), StandardCharsets.UTF_8);
    }

    private static void send(SSLEngine from, ByteBuffer out, byte[] data) throws SSLException {
        ByteBuffer plain = ByteBuffer.wrap(data);
        while (plain.hasRemaining()) {
            from.wrap(plain, out);
        }
    }

    /** Unwraps every whole record in {@code in}; returns the application data they held. */
    private static byte[] receive(SSLEngine to, ByteBuffer in) throws SSLException {
        ByteBuffer received = ByteBuffer.allocate(to.getSession().getApplicationBufferSize() * 2);
        in.flip();
        try {
            while (in.hasRemaining()) {
                SSLEngineResult result = to.unwrap(in, received);
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    break;
                }
            }
        } finally {
            in.compact();
        }
        received.flip();
        byte[] bytes = new byte[received.remaining()];
        received.get(bytes);
        return bytes;
    }

    /** A client context trusting any server, presenting the certificates of {@code keyManagers} (may be null). */
    public static SSLContext trustingClient(KeyManager[] keyManagers) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, new TrustManager[] {new TrustingManager()}, null);
        return context;
    }

    /** Trusts every chain: the tests check the certificate the client saw themselves. */
    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusted
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusted
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
