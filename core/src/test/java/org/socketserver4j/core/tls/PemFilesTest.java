package org.socketserver4j.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading PEM files: RSA, EC and Ed25519 keys made by openssl and by keytool, the key formats
 * refused with a message saying how to convert them, and a key that is not the certificate's.
 */
class PemFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "openssl {0}")
    @CsvSource({"rsa:2048, RSA, ''", "ec, EC, ec_paramgen_curve:prime256v1", "ed25519, EdDSA, ''"})
    void readsWhatOpensslWrites(String newKey, String family, String keyOption) throws Exception {
        Openssl.assumeInstalled();
        SelfSignedCertificate files = keyOption.isEmpty() ? Openssl.certificate(dir, "server", newKey)
                : Openssl.certificate(dir, "server", newKey, "-pkeyopt", keyOption);

        List<X509Certificate> chain = PemFiles.readCertificates(files.certificate());
        PrivateKey key = PemFiles.readPrivateKey(files.privateKey());

        assertThat(chain).singleElement().satisfies(c ->
                assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=server"));
        assertThat(KeyEntry.family(key.getAlgorithm())).isEqualTo(family);
        assertThat(KeyEntry.matched(chain, key, "test").keyType()).isEqualTo(family);
    }

    @ParameterizedTest(name = "keytool {0}")
    @CsvSource({"RSA, RSA", "EC, EC", "Ed25519, EdDSA"})
    void readsWhatKeytoolMakes(String keyAlgorithm, String family) throws Exception {
        SelfSignedCertificate files = SelfSignedCertificate.generate(dir, List.of("-keyalg", keyAlgorithm),
                "localhost");

        KeyEntry entry = KeyEntry.matched(PemFiles.readCertificates(files.certificate()),
                PemFiles.readPrivateKey(files.privateKey()), "test");

        assertThat(entry.keyType()).isEqualTo(family);
    }

    @Test
    void theSelfSignedCertificateNamesItsHostsAndLoopback() throws Exception {
        SelfSignedCertificate files = SelfSignedCertificate.generate(dir, "example.test", "10.0.0.1");

        X509Certificate certificate = PemFiles.readCertificates(files.certificate()).get(0);
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactly("example.test", "10.0.0.1", "127.0.0.1");
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=example.test");
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readAllLines(files.certificate())).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(64));
        assertThat(Files.getPosixFilePermissions(files.privateKey()))
                .hasSize(2).allSatisfy(p -> assertThat(p.name()).startsWith("OWNER"));
    }

    @Test
    void readsAWholeChainAndIgnoresTextAroundTheBlocks() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.generate(dir.resolve("a"), "a.test");
        SelfSignedCertificate second = SelfSignedCertificate.generate(dir.resolve("b"), "b.test");
        Path chain = dir.resolve("fullchain.pem");
        Files.writeString(chain, "Bag Attributes\n" + Files.readString(first.certificate())
                + "subject=CN=b.test\r\n" + Files.readString(second.certificate()).replace("\n", "\r\n"));

        assertThat(PemFiles.readCertificates(chain)).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=a.test", "CN=b.test");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pkcs1, rsa:2048, '', 'pkey -traditional', PKCS#1",
        "sec1, ec, ec_paramgen_curve:prime256v1, 'pkey -traditional', SEC1",
        "encrypted, ec, ec_paramgen_curve:prime256v1, 'pkcs8 -topk8 -passout pass:secret', encrypted"})
    void refusesOtherKeyFormatsSayingHowToConvertThem(String name, String newKey, String keyOption,
            String conversion, String format) throws Exception {
        Openssl.assumeInstalled();
        SelfSignedCertificate files = keyOption.isEmpty() ? Openssl.certificate(dir, name, newKey)
                : Openssl.certificate(dir, name, newKey, "-pkeyopt", keyOption);
        Path converted = dir.resolve(name + "-old.pem");
        List<String> args = new ArrayList<>(List.of(conversion.split(" ")));
        args.addAll(List.of("-in", files.privateKey().toString(), "-out", converted.toString()));
        Openssl.run(dir, args.toArray(String[]::new));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(converted))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(converted.toString())
                .hasMessageContaining(format)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + converted + " -out key.pk8.pem");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        SelfSignedCertificate one = SelfSignedCertificate.generate(dir.resolve("one"), "one.test");
        SelfSignedCertificate other = SelfSignedCertificate.generate(dir.resolve("other"), "other.test");
        SelfSignedCertificate rsa = SelfSignedCertificate.generate(dir.resolve("rsa"),
                List.of("-keyalg", "RSA"), "rsa.test");

        assertThatThrownBy(() -> new KeySource.Pem(one.certificate(), other.privateKey()).load())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(other.privateKey().toString())
                .hasMessageContaining("does not match the certificate's public key");
        assertThatThrownBy(() -> new KeySource.Pem(one.certificate(), rsa.privateKey()).load())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the private key is RSA but the certificate's public key is EC");
    }

    @Test
    void saysWhatIsWrongWithAFileThatIsNotPem() throws Exception {
        SelfSignedCertificate files = SelfSignedCertificate.generate(dir, "localhost");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> PemFiles.readCertificates(files.privateKey()))
                .hasMessageContaining(files.privateKey() + ": no -----BEGIN CERTIFICATE----- block");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(files.certificate()))
                .hasMessageContaining(files.certificate() + ": no -----BEGIN PRIVATE KEY----- block");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(missing))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(broken))
                .hasMessageContaining(broken + ": the CERTIFICATE block is not valid Base64");
    }
}
