package org.socketserver4j.core.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.testing.TestTls;
import org.socketserver4j.core.tls.TlsSessionInfo;

/**
 * The child's header: TCP's form unchanged, Unix addresses, peer credentials and the TLS
 * session added compatibly.
 */
class ChildHeaderTest {

    private static ChildHeader read(String line) throws IOException {
        return ChildHeader.read(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTcpHeaderIsTheSameAsBefore() throws IOException {
        ChildHeader header = ChildHeader.of("a.B", InetSocketAddress.createUnresolved("127.0.0.1", 5000),
                InetSocketAddress.createUnresolved("127.0.0.1", 8000));
        assertThat(new String(header.encode(), StandardCharsets.UTF_8))
                .isEqualTo("socketserver4j-fork/1 a.B 127.0.0.1 5000 127.0.0.1 8000\n");
        ChildHeader back = read("socketserver4j-fork/1 a.B 127.0.0.1 5000 127.0.0.1 8000\nrest");
        assertThat(back.client()).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 5000));
        assertThat(back.peer()).isEmpty();
    }

    @Test
    void unixAddressesAndPeerCredentialsRoundTrip() throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        String user = System.getProperty("user.name");
        UnixDomainPrincipal peer = new UnixDomainPrincipal(lookup.lookupPrincipalByName(user),
                lookup.lookupPrincipalByGroupName("0"));
        ChildHeader header = new ChildHeader("a.B", UnixDomainSocketAddress.of(""),
                UnixDomainSocketAddress.of("/tmp/with space/s.sock"), Optional.of(peer));
        ChildHeader back = read(new String(header.encode(), StandardCharsets.UTF_8));
        assertThat(back.client()).isEqualTo(UnixDomainSocketAddress.of(""));
        assertThat(back.server()).isEqualTo(UnixDomainSocketAddress.of("/tmp/with space/s.sock"));
        assertThat(back.peer()).hasValueSatisfying(p -> {
            assertThat(p.user().getName()).isEqualTo(peer.user().getName());
            assertThat(p.group().getName()).isEqualTo(peer.group().getName());
        });
    }

    @Test
    void aTlsSessionRoundTripsAfterTheFieldsOfAPlainHeader() throws IOException, GeneralSecurityException {
        X509Certificate certificate = TestTls.x509();
        TlsSessionInfo session = new TlsSessionInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                List.of(certificate, certificate), Optional.of("odd, alpn:1"), Optional.of("localhost"));
        ChildHeader header = new ChildHeader("a.B", InetSocketAddress.createUnresolved("127.0.0.1", 5000),
                InetSocketAddress.createUnresolved("127.0.0.1", 8000), Optional.empty(), Optional.of(session));
        String line = new String(header.encode(), StandardCharsets.UTF_8);
        assertThat(line).startsWith("socketserver4j-fork/1 a.B 127.0.0.1 5000 127.0.0.1 8000 tls=TLSv1.3,")
                .hasSizeGreaterThan(2 * certificate.getEncoded().length);
        ChildHeader back = read(line + "rest");
        assertThat(back.tls()).contains(session);
        assertThat(back.client()).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 5000));
    }

    @Test
    void aTlsSessionWithoutOptionsRoundTripsAfterPeerCredentials() throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UnixDomainPrincipal peer = new UnixDomainPrincipal(lookup.lookupPrincipalByName(System.getProperty("user.name")),
                lookup.lookupPrincipalByGroupName("0"));
        TlsSessionInfo session = new TlsSessionInfo("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                List.of(), Optional.empty(), Optional.empty());
        ChildHeader back = read(new String(new ChildHeader("a.B", UnixDomainSocketAddress.of(""),
                UnixDomainSocketAddress.of("/tmp/s.sock"), Optional.of(peer), Optional.of(session)).encode(),
                StandardCharsets.UTF_8));
        assertThat(back.tls()).contains(session);
        assertThat(back.peer()).isPresent();
    }

    @Test
    void malformedHeadersAreRefused() {
        assertThatThrownBy(() -> read("socketserver4j-fork/1 a.B 127.0.0.1\n")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("socketserver4j-fork/1 a.B h 1 h x\n")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("socketserver4j-fork/1 a.B unix: unix: extra\n")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("other/1 a.B unix: unix:\n")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("socketserver4j-fork/1 a.B unix: unix: tls=TLSv1.3\n"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("socketserver4j-fork/1 a.B unix: unix: tls=TLSv1.3,C,,,notDER\n"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("socketserver4j-fork/1 a.B unix: unix: tls=A,B,, peer=a:b\n"))
                .isInstanceOf(IOException.class);
    }
}
