package org.socketserver4j.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A self-signed certificate for trying TLS out and for tests: {@code cert.pem} and
 * {@code key.pem} (unencrypted PKCS#8), made by the JDK's own {@code keytool} (an EC P-256
 * key, valid 825 days, the host names and 127.0.0.1 as subject alternative names). No
 * client trusts it unless told to ({@code curl --cacert cert.pem}).
 *
 * @param certificate the certificate file, {@code cert.pem}
 * @param privateKey the key file, {@code key.pem}, readable by its owner only where the file
 *     system has POSIX permissions
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

    /** keytool's options for the key unless told: EC on the P-256 curve. */
    static final List<String> EC_P256 = List.of("-keyalg", "EC", "-groupname", "secp256r1");

    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|.*:.*");
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /**
     * Makes a key pair and a certificate for {@code hostNames} ({@code localhost} if none; IP
     * addresses are accepted) and writes {@code cert.pem} and {@code key.pem} in {@code dir},
     * replacing them if there.
     *
     * @throws IOException if {@code keytool} fails or the files cannot be written
     */
    public static SelfSignedCertificate generate(Path dir, String... hostNames) throws IOException {
        return generate(dir, EC_P256, hostNames);
    }

    /** {@link #generate(Path, String...)} with keytool's key options, such as {@code -keyalg RSA}. */
    static SelfSignedCertificate generate(Path dir, List<String> keyOptions, String... hostNames) throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory("socketserver4j-selfsigned");
        try {
            Path store = work.resolve("self-signed.p12");
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            char[] password = HexFormat.of().formatHex(secret).toCharArray();
            runKeytool(store, password, keyOptions, hostNames);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password);
            }
            PrivateKey key = (PrivateKey) keyStore.getKey("server", password);
            Certificate[] chain = keyStore.getCertificateChain("server");
            SelfSignedCertificate files = new SelfSignedCertificate(dir.resolve("cert.pem"), dir.resolve("key.pem"));
            PemFiles.writePrivateKey(files.privateKey(), key);
            ownerOnly(files.privateKey());
            PemFiles.writeCertificates(files.certificate(),
                    Arrays.stream(chain).map(X509Certificate.class::cast).toList());
            return files;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the keystore keytool made: " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    private static void runKeytool(Path store, char[] password, List<String> keyOptions, String... hostNames)
            throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("no keytool at " + keytool + ": a JDK (not a bare runtime) is needed");
        }
        Set<String> hosts = new LinkedHashSet<>(List.of(hostNames));
        if (hosts.isEmpty()) {
            hosts.add("localhost");
        }
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "server"));
        command.addAll(keyOptions);
        command.addAll(List.of("-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:env", "SELFSIGNED_PASSWORD", "-keypass:env", "SELFSIGNED_PASSWORD",
                "-dname", "CN=" + hosts.iterator().next(), "-validity", "825",
                "-ext", "SAN=" + subjectAlternativeNames(hosts), "-noprompt"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SELFSIGNED_PASSWORD", new String(password));
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        } finally {
            process.destroy();
        }
    }

    /** keytool's SAN value: {@code dns:} or {@code ip:} for each host, and {@code ip:127.0.0.1}. */
    static String subjectAlternativeNames(Set<String> hosts) {
        Set<String> names = new LinkedHashSet<>();
        for (String host : hosts) {
            names.add((IP_ADDRESS.matcher(host).matches() ? "ip:" : "dns:") + host);
        }
        names.add("ip:127.0.0.1");
        return String.join(",", names);
    }

    private static void ownerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
