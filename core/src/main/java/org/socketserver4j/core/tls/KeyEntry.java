package org.socketserver4j.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain and the private key of its first certificate, checked to belong
 * together: what a server presents for one name.
 *
 * @param chain the chain, the server's own certificate first
 * @param key the private key of {@code chain.get(0)}
 */
record KeyEntry(List<X509Certificate> chain, PrivateKey key) {

    private static final byte[] PROBE = "socketserver4j key check".getBytes(StandardCharsets.US_ASCII);

    KeyEntry {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /**
     * {@code chain} and {@code key}, after checking that the key is the private half of the
     * first certificate's public key.
     *
     * @param source where they were read from, for the message
     * @throws IOException if they do not belong together
     */
    static KeyEntry matched(List<X509Certificate> chain, PrivateKey key, String source) throws IOException {
        PublicKey publicKey = chain.get(0).getPublicKey();
        if (!family(publicKey.getAlgorithm()).equals(family(key.getAlgorithm()))) {
            throw new IOException(source + ": the private key is " + key.getAlgorithm()
                    + " but the certificate's public key is " + publicKey.getAlgorithm()
                    + ": the key does not belong to the certificate");
        }
        if (!signsFor(key, publicKey)) {
            throw new IOException(source + ": the private key does not match the certificate's public key ("
                    + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return new KeyEntry(chain, key);
    }

    /** The key's algorithm as TLS key types name it: {@code RSA}, {@code EC}, {@code EdDSA}... */
    String keyType() {
        return family(key.getAlgorithm());
    }

    /** Ed25519 and Ed448 keys are {@code EdDSA} keys. */
    static String family(String algorithm) {
        return switch (algorithm) {
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> algorithm;
        };
    }

    /** Whether a signature made with {@code key} verifies with {@code publicKey}. */
    private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws IOException {
        String algorithm = switch (family(key.getAlgorithm())) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // RSASSA-PSS and the like: parameters vary; the handshake will tell
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // keys of different curves or sizes refuse each other
            return false;
        }
    }
}
