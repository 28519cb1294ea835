package org.socketserver4j.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files as certbot and {@code openssl} write them: a certificate chain (one or more
 * {@code -----BEGIN CERTIFICATE-----} blocks, the server's own first) and an unencrypted
 * PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}: RSA, EC, Ed25519 or Ed448). The
 * JDK before 25 has no PEM reader, so the Base64 between the lines is decoded here. Older key
 * formats (PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}) and encrypted keys are
 * refused with a message saying how to convert them. Every error names the file.
 */
public final class PemFiles {

    /** The command that turns any private key {@code openssl} reads into what is read here. */
    public static final String CONVERT_COMMAND = "openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pk8.pem";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
    /** Key factories tried in turn on a PKCS#8 key, whose own bytes name its algorithm. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PemFiles() {}

    /**
     * The certificates in {@code file}, in file order; text outside the blocks is ignored.
     *
     * @throws IOException if the file cannot be read, holds no certificate or a broken one
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory = certificateFactory();
        for (Block block : blocks(file)) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.decode(file))));
            } catch (CertificateException e) {
                throw new IOException(file + ": certificate " + (chain.size() + 1) + " is not a valid X.509"
                        + " certificate: " + e.getMessage(), e);
            }
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": no -----BEGIN CERTIFICATE----- block: not a PEM certificate file");
        }
        return chain;
    }

    /**
     * The unencrypted PKCS#8 private key in {@code file} (its first {@code PRIVATE KEY} block).
     *
     * @throws IOException if the file cannot be read or holds no such key: a PKCS#1, SEC1 or
     *     encrypted key is named as such, with the {@link #CONVERT_COMMAND} that converts it
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        for (Block block : blocks(file)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.decode(file));
                }
                case "RSA PRIVATE KEY" -> throw convert(file, "is a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)");
                case "EC PRIVATE KEY" -> throw convert(file, "is a SEC1 EC key (BEGIN EC PRIVATE KEY)");
                case "ENCRYPTED PRIVATE KEY" -> throw convert(file,
                        "is an encrypted PKCS#8 key (BEGIN ENCRYPTED PRIVATE KEY); it needs no password here");
                default -> {
                    // another block (a certificate, EC PARAMETERS): look further
                }
            }
        }
        throw new IOException(file + ": no -----BEGIN PRIVATE KEY----- block: not a PEM PKCS#8 private key");
    }

    /**
     * Writes {@code chain} to {@code file} as PEM, one block per certificate.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            try {
                text.append(encode("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new IOException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code key} to {@code file} as an unencrypted PKCS#8 PEM block.
     *
     * @throws IOException if the file cannot be written or the key has no PKCS#8 encoding
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IOException("a " + key.getAlgorithm() + " key in " + key.getFormat() + ", not PKCS#8");
        }
        Files.writeString(file, encode("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** One PEM block: {@code label} and Base64 lines of 64 characters. */
    static String encode(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // the key names another algorithm: try the next
            }
        }
        throw new IOException(file + ": the PKCS#8 key is none of " + String.join(", ", KEY_ALGORITHMS)
                + ", or is damaged");
    }

    private static IOException convert(Path file, String what) {
        return new IOException(file + " " + what + "; convert it to unencrypted PKCS#8 with: "
                + CONVERT_COMMAND.replace("KEY", file.toString()));
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        return blocks;
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }

    /** A block's label and the text between its lines. */
    private record Block(String label, String body) {

        /** The DER bytes; a block with headers (legacy encryption) or bad Base64 is refused. */
        byte[] decode(Path file) throws IOException {
            if (body.contains(":")) {
                throw new IOException(file + ": the " + label + " block has headers (a legacy encrypted"
                        + " key?); convert it to unencrypted PKCS#8 with: "
                        + CONVERT_COMMAND.replace("KEY", file.toString()));
            }
            try {
                return Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the " + label + " block is not valid Base64: " + e.getMessage(), e);
            }
        }
    }
}
