package org.socketserver4j.samples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socketserver4j.core.tls.TlsOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code serve}'s TLS options, a picocli mixin: PEM files ({@code --tls-cert} and
 * {@code --tls-key}) or a PKCS#12 keystore ({@code --tls-keystore} and
 * {@code --tls-password-file}). None given: plain connections. {@code --tls-protocols} and
 * {@code --tls-cipher-suites} narrow what the JDK would offer (compare pins TLS 1.3 and one suite
 * for every server it measures).
 */
public final class TlsFlags {

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve TLS with this PEM certificate chain (the server's first, as certbot's"
                    + " fullchain.pem); needs --tls-key.")
    Path certChain;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The unencrypted PKCS#8 PEM private key of --tls-cert (as certbot's privkey.pem).")
    Path privateKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve TLS with the first key of this PKCS#12 keystore; needs --tls-password-file.")
    Path keyStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE",
            description = "The file holding --tls-keystore's password (a trailing line break is ignored).")
    Path passwordFile;

    @Option(names = "--tls-protocols", split = ",", paramLabel = "PROTOCOL",
            description = "Only these protocols: TLSv1.3, TLSv1.2 (default: both).")
    List<String> protocols = new ArrayList<>();

    @Option(names = "--tls-cipher-suites", split = ",", paramLabel = "SUITE",
            description = "Only these cipher suites, by their JSSE names, e.g. TLS_AES_128_GCM_SHA256"
                    + " (default: the JDK's).")
    List<String> cipherSuites = new ArrayList<>();

    /** Makes the mixin; picocli fills in the options. */
    public TlsFlags() {}

    /** Whether any TLS option was given. */
    boolean given() {
        return certChain != null || privateKey != null || keyStore != null || passwordFile != null
                || !protocols.isEmpty() || !cipherSuites.isEmpty();
    }

    /**
     * The TLS options asked for, or {@code null} for plain connections; nothing is read yet.
     *
     * @throws ParameterException if the options do not go together
     */
    TlsOptions options(CommandLine commandLine) {
        boolean pem = certChain != null || privateKey != null;
        boolean store = keyStore != null || passwordFile != null;
        if (pem && store) {
            throw new ParameterException(commandLine,
                    "--tls-cert and --tls-key, or --tls-keystore and --tls-password-file, not both");
        }
        if (pem && (certChain == null || privateKey == null)) {
            throw new ParameterException(commandLine, "--tls-cert and --tls-key go together: give both");
        }
        if (store && (keyStore == null || passwordFile == null)) {
            throw new ParameterException(commandLine,
                    "--tls-keystore and --tls-password-file go together: give both");
        }
        if (!pem && !store) {
            if (!protocols.isEmpty() || !cipherSuites.isEmpty()) {
                throw new ParameterException(commandLine,
                        "--tls-protocols and --tls-cipher-suites need --tls-cert or --tls-keystore");
            }
            return null;
        }
        TlsOptions options = pem ? TlsOptions.pem(certChain, privateKey) : TlsOptions.keyStore(keyStore, passwordFile);
        if (!protocols.isEmpty()) {
            try {
                options = options.withProtocols(protocols.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, "--tls-protocols: " + e.getMessage());
            }
        }
        return cipherSuites.isEmpty() ? options : options.withCipherSuites(cipherSuites.toArray(String[]::new));
    }
}
