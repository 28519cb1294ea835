package org.socketserver4j.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options on their own: defaults, copies, the checks of each setting, SNI name matching. */
class TlsOptionsTest {

    private final Path cert = Path.of("cert.pem");
    private final Path key = Path.of("key.pem");
    private final TlsOptions options = TlsOptions.pem(cert, key);

    @Test
    void defaults() {
        assertThat(options.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(options.cipherSuites()).isEmpty();
        assertThat(options.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(options.trustedCertificates()).isNull();
        assertThat(options.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.applicationProtocols()).isEmpty();
        assertThat(options.reloadOnChange()).isFalse();
        assertThat(options.serverNames()).isEmpty();
        assertThat(options.files()).containsExactly(cert, key);
    }

    @Test
    void eachSettingReturnsACopyAndLeavesTheOriginal() {
        Path ca = Path.of("ca.pem");
        TlsOptions set = options.withProtocols("TLSv1.3")
                .withCipherSuites("TLS_AES_128_GCM_SHA256")
                .withClientAuth(ClientAuth.NEED, ca)
                .withHandshakeTimeout(Duration.ofSeconds(3))
                .withApplicationProtocols("http/1.1")
                .withReloadOnChange(true)
                .withServerName("*.Example.com", Path.of("w.pem"), Path.of("w.key"));

        assertThat(set.protocols()).containsExactly("TLSv1.3");
        assertThat(set.cipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
        assertThat(set.clientAuth()).isEqualTo(ClientAuth.NEED);
        assertThat(set.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(set.applicationProtocols()).containsExactly("http/1.1");
        assertThat(set.reloadOnChange()).isTrue();
        assertThat(set.serverNames()).containsExactly("*.example.com");
        assertThat(set.files()).containsExactly(cert, key, Path.of("w.pem"), Path.of("w.key"), ca);
        assertThat(options.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(options.reloadOnChange()).isFalse();
        assertThat(options.serverNames()).isEmpty();
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> options.withProtocols("SSLv3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("protocol SSLv3 is not allowed: only TLSv1.3 and TLSv1.2");
        assertThatThrownBy(() -> options.withProtocols()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withClientAuth(ClientAuth.WANT, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trusted CA");
        assertThatThrownBy(() -> options.withHandshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withApplicationProtocols("")).isInstanceOf(IllegalArgumentException.class);
        for (String name : new String[] {"*.com", "a.*.com", "", "*", "a..b", "*.example.com."}) {
            assertThatThrownBy(() -> options.withServerName(name, cert, key))
                    .as(name).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aServerNameMatchesExactlyThenByAWildcardOfOneLabel() {
        Set<String> names = Set.of("api.example.com", "*.example.com");
        assertThat(ServerNames.match(names, "API.example.com")).isEqualTo("api.example.com");
        assertThat(ServerNames.match(names, "www.example.com")).isEqualTo("*.example.com");
        assertThat(ServerNames.match(names, "a.b.example.com")).isNull();
        assertThat(ServerNames.match(names, "example.com")).isNull();
    }

    @Test
    void aPasswordFileLosesItsTrailingLineBreakOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, " secret \r\n");
        assertThat(KeySource.KeyStoreFile.readPassword(file)).containsExactly(" secret ".toCharArray());
        Files.writeString(file, "secret");
        assertThat(KeySource.KeyStoreFile.readPassword(file)).containsExactly("secret".toCharArray());
    }

    @Test
    void aKeyStorePasswordIsCopiedAndNotShown() {
        char[] password = "secret".toCharArray();
        TlsOptions keyStore = TlsOptions.keyStore(Path.of("s.p12"), password);
        password[0] = 'X';
        assertThat(((KeySource.KeyStoreFile) keyStore.defaultKey()).password()).containsExactly("secret".toCharArray());
        assertThat(keyStore.toString()).doesNotContain("secret");
    }
}
