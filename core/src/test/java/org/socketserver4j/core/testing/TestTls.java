package org.socketserver4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.tls.PemFiles;
import org.socketserver4j.core.tls.SelfSignedCertificate;
import org.socketserver4j.core.tls.TlsContext;
import org.socketserver4j.core.tls.TlsOptions;

/**
 * A self-signed certificate for {@code localhost} and 127.0.0.1, made once per test JVM by the
 * project's own {@link SelfSignedCertificate} (none is committed; the files go at exit), and
 * the TLS contexts of both ends.
 */
public final class TestTls {

    private static SelfSignedCertificate certificate;

    private TestTls() {}

    /** The certificate and key files: made on first use. */
    public static synchronized SelfSignedCertificate certificate() {
        if (certificate == null) {
            try {
                Path dir = Files.createTempDirectory("ss4j-tls");
                certificate = SelfSignedCertificate.generate(dir, "localhost");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return certificate;
    }

    /** The certificate as a PEM file, for clients such as {@code openssl s_client -CAfile} and {@code curl --cacert}. */
    public static Path certificatePem() {
        return certificate().certificate();
    }

    /** The certificate itself. */
    public static X509Certificate x509() {
        try {
            return PemFiles.readCertificates(certificatePem()).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's context: the certificate and its key. */
    public static TlsContext server() {
        try {
            return TlsContext.open(TlsOptions.pem(certificate().certificate(), certificate().privateKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client's context that trusts the certificate. */
    public static SSLContext client() {
        return client(null, certificatePem());
    }

    /**
     * A client's context that trusts the certificates in {@code trusted} (PEM files) and
     * presents {@code own} when it is not {@code null}.
     */
    public static SSLContext client(SelfSignedCertificate own, Path... trusted) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                trust.setCertificateEntry("trusted-" + i, PemFiles.readCertificates(trusted[i]).get(0));
            }
            TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustFactory.init(trust);
            KeyManagerFactory keyFactory = null;
            if (own != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", PemFiles.readPrivateKey(own.privateKey()), new char[0],
                        PemFiles.readCertificates(own.certificate()).toArray(new Certificate[0]));
                keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyFactory.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyFactory == null ? null : keyFactory.getKeyManagers(), trustFactory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server of {@code kind} on a fresh address of {@code transport}, serving TLS, bound. */
    public static BaseServer bound(ServerKind kind, Transport transport, HandlerFactory factory) throws IOException {
        BaseServer server = kind.create(transport, factory, false);
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

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // at exit: nothing more to do
        }
    }
}
