package org.socketserver4j.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.socketserver4j.core.tls.SelfSignedCertificate;

/**
 * The TLS every server of {@code compare}'s TLS workloads serves: one self-signed certificate
 * (EC P-256, made for the run in a temporary folder, deleted by {@link #close()}), TLS 1.3 only
 * and one cipher suite, {@value #CIPHER_SUITE}, for our servers, Netty and the client alike.
 *
 * @param dir the temporary folder holding the files
 * @param files the certificate and its key
 */
record BenchTls(Path dir, SelfSignedCertificate files) implements AutoCloseable {

    /** The one protocol offered. */
    static final String PROTOCOL = "TLSv1.3";
    /** The one cipher suite offered. */
    static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";

    /**
     * Makes a certificate for 127.0.0.1 in a new temporary folder.
     *
     * @throws IOException if keytool fails
     */
    static BenchTls create() throws IOException {
        Path dir = Files.createTempDirectory("socketserver4j-compare-tls");
        try {
            return new BenchTls(dir, SelfSignedCertificate.generate(dir, "127.0.0.1"));
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** The options that make {@code serve} or {@link NettyEchoServer} serve this TLS. */
    List<String> serverArgs() {
        return List.of("--tls-cert=" + files.certificate(), "--tls-key=" + files.privateKey(),
                "--tls-protocols=" + PROTOCOL, "--tls-cipher-suites=" + CIPHER_SUITE);
    }

    /**
     * A client context that trusts the certificate alone.
     *
     * @throws IOException if the certificate cannot be read
     */
    SSLContext clientContext() throws IOException {
        try (InputStream in = Files.newInputStream(files.certificate())) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("server-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + files.certificate() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the folder and the files. */
    @Override
    public void close() {
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
