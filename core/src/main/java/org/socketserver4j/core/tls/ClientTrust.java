package org.socketserver4j.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The authorities client certificates are checked against, read from a PEM file, in a
 * swappable slot as {@link ServerKeyManager}'s key material is: a reload re-reads the file.
 */
final class ClientTrust extends X509ExtendedTrustManager {

    private volatile X509ExtendedTrustManager delegate;

    private ClientTrust(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /**
     * A trust manager for the certificates in {@code caPem}.
     *
     * @throws IOException if the file is missing or holds no certificate
     */
    static ClientTrust read(Path caPem) throws IOException {
        return new ClientTrust(load(caPem));
    }

    /** Re-reads {@code caPem}; on failure the authorities in use stay. */
    void reload(Path caPem) throws IOException {
        delegate = load(caPem);
    }

    private static X509ExtendedTrustManager load(Path caPem) throws IOException {
        List<X509Certificate> authorities = PemFiles.readCertificates(caPem);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IOException(caPem + ": the JDK made no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IOException(caPem + ": cannot use the certificates as trusted authorities: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    /** A server never checks a server: refused. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a server's trust manager checks clients only");
    }

    /** A server never checks a server: refused. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a server's trust manager checks clients only");
    }

    /** A server never checks a server: refused. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server's trust manager checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return Objects.requireNonNull(delegate).getAcceptedIssuers();
    }
}
