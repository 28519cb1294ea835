package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketserver4j.core.tls.PemFiles;
import org.socketserver4j.core.tls.SelfSignedCertificate;

/**
 * {@code serve}'s TLS options reach the server under every strategy with the
 * {@code listening on} line unchanged; options that do not go together are usage errors and a
 * missing file an error naming it; {@code tls-selfsigned} writes files {@code serve} takes.
 */
class ServeTlsTest {

    @TempDir
    static Path certificates;

    static SelfSignedCertificate selfSigned;

    @TempDir
    Path dir;

    private final CapturedCommandLine cli = new CapturedCommandLine();
    private final Closer cleanup = new Closer();

    @BeforeAll
    static void makeCertificate() throws Exception {
        selfSigned = SelfSignedCertificate.generate(certificates, "localhost");
    }

    @AfterEach
    void stopEverything() throws Exception {
        cleanup.closeAll();
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void pemFilesGiveTheServerTlsUnderEveryStrategy(Strategy strategy) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--strategy=" + strategy, "--port=0",
                "--tls-cert=" + selfSigned.certificate(), "--tls-key=" + selfSigned.privateKey()));
        if (strategy == Strategy.FORKING) {
            args.addAll(List.of("--start-spare=0", "--max-spare=0")); // no child JVMs for this
        }
        Serving serving = cli.serve(args.toArray(String[]::new));
        cleanup.add(serving);

        assertThat(serving.server().tls()).isNotNull();
        assertThat(serving.server().tls().options().files())
                .containsExactly(selfSigned.certificate(), selfSigned.privateKey());
        assertThat(cli.out()).isEqualTo("listening on 127.0.0.1:" + serving.address().getPort()
                + System.lineSeparator());
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) new BenchTls(certificates, selfSigned).clientContext().getSocketFactory()
                .createSocket("localhost", serving.address().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("over tls\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] echoed = socket.getInputStream().readNBytes("over tls\n".length());
            assertThat(new String(echoed, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("over tls\n");
        }
    }

    /** HTTP over TLS on a Unix socket, as curl talks to it ({@code --unix-socket}). */
    @Test
    void httpOverTlsOnAUnixSocketAnswersCurl() throws Exception {
        Path socketFile = dir.resolve("https.sock");
        Serving serving = cli.serve("serve", "--handler=http", "--transport=unix", "--path=" + socketFile,
                "--tls-cert=" + selfSigned.certificate(), "--tls-key=" + selfSigned.privateKey());
        cleanup.add(serving);
        assertThat(cli.out()).isEqualTo("listening on " + socketFile + System.lineSeparator());
        Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "15", "--unix-socket", socketFile.toString(),
                "--cacert", selfSigned.certificate().toString(), "https://localhost/plaintext")
                .redirectErrorStream(true).start();
        cleanup.add(curl::destroyForcibly);
        String output = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(curl.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("Hello, World!");
        assertThat(curl.exitValue()).isZero();
    }

    @Test
    void aKeyStoreAndItsPasswordFileGiveTheServerTls() throws Exception {
        Path store = dir.resolve("server.p12");
        char[] password = "secret".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", PemFiles.readPrivateKey(selfSigned.privateKey()), password,
                PemFiles.readCertificates(selfSigned.certificate()).toArray(X509Certificate[]::new));
        try (OutputStream file = Files.newOutputStream(store)) {
            keyStore.store(file, password);
        }
        Path passwordFile = Files.writeString(dir.resolve("password"), "secret\n");

        Serving serving = cli.serve("serve", "--port=0", "--tls-keystore=" + store,
                "--tls-password-file=" + passwordFile);
        cleanup.add(serving);

        assertThat(serving.server().tls().options().files()).containsExactly(store, passwordFile);
    }

    @Test
    void withoutTlsOptionsTheServerHasNoTls() throws Exception {
        Serving serving = cli.serve("serve", "--port=0");
        cleanup.add(serving);

        assertThat(serving.server().tls()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--tls-cert=c.pem|--tls-cert and --tls-key go together",
        "--tls-key=k.pem|--tls-cert and --tls-key go together",
        "--tls-keystore=s.p12|--tls-keystore and --tls-password-file go together",
        "--tls-cert=c.pem --tls-key=k.pem --tls-keystore=s.p12 --tls-password-file=p|not both",
        "--tls-cert=c.pem --tls-key=k.pem --transport=udp|apply to --transport=tcp and unix only"})
    void optionsThatDoNotGoTogetherAreUsageErrors(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        List<String> args = new ArrayList<>(List.of("serve", "--port=0"));
        args.addAll(List.of(parts[0].split(" ")));

        assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(cli.err()).contains(parts[1]);
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aMissingFileIsAnErrorNamingItAndNothingIsServed() {
        Path missing = dir.resolve("missing.pem");

        int code = cli.execute("serve", "--port=0", "--tls-cert=" + missing,
                "--tls-key=" + selfSigned.privateKey());

        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).startsWith("socketserver4j-samples: cannot serve TLS: " + missing)
                .contains("no such file");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsAnError() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.generate(dir, "other");

        int code = cli.execute("serve", "--port=0", "--tls-cert=" + selfSigned.certificate(),
                "--tls-key=" + other.privateKey());

        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).contains("does not match the certificate's public key");
    }

    @Test
    void tlsSelfSignedPrintsThePathsOfFilesServeTakes() throws Exception {
        Path target = dir.resolve("tls");

        int code = cli.execute("tls-selfsigned", "--dir=" + target, "--host=example.test",
                "--host=localhost");

        assertThat(code).isZero();
        assertThat(cli.out()).isEqualTo(target.resolve("cert.pem") + System.lineSeparator()
                + target.resolve("key.pem") + System.lineSeparator());
        X509Certificate certificate = PemFiles.readCertificates(target.resolve("cert.pem")).get(0);
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactly("example.test", "localhost", "127.0.0.1");
        PemFiles.readPrivateKey(target.resolve("key.pem"));
    }

    @Test
    void tlsSelfSignedNeedsItsFolder() {
        assertThat(cli.execute("tls-selfsigned")).isEqualTo(2);
        assertThat(cli.err()).contains("--dir");
    }
}
