package org.socketserver4j.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.socketserver4j.core.tls.TlsContext;

/**
 * A self-signed certificate for {@code localhost} and 127.0.0.1, made once per test JVM with
 * the JDK's {@code keytool} (none is committed), and the TLS contexts of both ends.
 */
public final class TestTls {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static volatile KeyStore keyStore;

    private TestTls() {}

    /** The key store: made on first use, in a temporary directory removed at exit. */
    public static synchronized KeyStore keyStore() {
        if (keyStore == null) {
            try {
                Path dir = Files.createTempDirectory("ss4j-tls");
                Path file = dir.resolve("server.p12");
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", file.toString(),
                        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                        .redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes());
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IOException("keytool failed: " + output);
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, PASSWORD);
                }
                Files.delete(file);
                Files.delete(dir);
                keyStore = store;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return keyStore;
    }

    /** The server's context: the certificate and its key. */
    public static TlsContext server() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return TlsContext.of(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client's context that trusts the certificate, with the given protocols' defaults. */
    public static SSLContext client() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The certificate as a PEM file, for clients such as {@code openssl s_client -CAfile} and
     * {@code curl --cacert}; in a temporary directory removed at exit.
     */
    public static synchronized Path certificatePem() {
        if (certificatePem == null) {
            try {
                Path dir = Files.createTempDirectory("ss4j-tls-pem");
                Path file = dir.resolve("cert.pem");
                byte[] der = keyStore().getCertificate("server").getEncoded();
                Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                        + "\n-----END CERTIFICATE-----\n");
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                certificatePem = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return certificatePem;
    }

    private static Path certificatePem;

    /** A server of {@code kind} on a fresh address of {@code transport}, serving TLS, bound. */
    public static org.socketserver4j.core.BaseServer bound(ServerKind kind, Transport transport,
            org.socketserver4j.core.handler.HandlerFactory factory) throws IOException {
        org.socketserver4j.core.BaseServer server = kind.create(transport, factory, false);
        server.setTls(server());
        server.serverBind();
        server.serverActivate();
        return server;
    }

    /** The server kinds that serve TLS: all of them. */
    public static List<ServerKind> kinds() {
        return List.of(ServerKind.values());
    }

    /** The protocols a test runs each case over. */
    public static List<String> protocols() {
        return List.of("TLSv1.3", "TLSv1.2");
    }
}
