package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.testing.Family;
import org.socketserver4j.core.testing.LineClient;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.TestTls;
import org.socketserver4j.core.testing.Transport;
import org.socketserver4j.core.tls.PemFiles;
import org.socketserver4j.core.tls.SelfSignedCertificate;
import org.socketserver4j.core.tls.TlsOptions;

/**
 * The certificate is replaced while clients keep opening TLS connections: not one request
 * fails, and every handshake that starts after {@code reloadTls()} returns gets the new one.
 */
class TlsReloadUnderLoadTest {

    private static final int CLIENTS = 4;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "reload under load {0}")
    @MethodSource("org.socketserver4j.core.testing.TestTls#kinds")
    void reloadingTheCertificateUnderLoadFailsNoRequest(ServerKind kind) throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.generate(Files.createDirectory(temp.resolve("first")),
                "localhost");
        SelfSignedCertificate second = SelfSignedCertificate.generate(Files.createDirectory(temp.resolve("second")),
                "localhost");
        Path live = Files.createDirectory(temp.resolve("live"));
        Path cert = Files.copy(first.certificate(), live.resolve("cert.pem"));
        Path key = Files.copy(first.privateKey(), live.resolve("key.pem"));
        X509Certificate oldCert = PemFiles.readCertificates(first.certificate()).get(0);
        X509Certificate newCert = PemFiles.readCertificates(second.certificate()).get(0);
        SSLContext client = TestTls.client(null, first.certificate(), second.certificate());

        BaseServer server = kind.create(Transport.TCP, Family.EVENT.lineHandler(), false);
        server.setTls(TlsOptions.pem(cert, key));
        server.serverBind();
        server.serverActivate();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger oldSeen = new AtomicInteger();
        AtomicInteger newSeen = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long[] reloadedAt = {Long.MAX_VALUE};
        ConcurrentLinkedQueue<String> staleAfterReload = new ConcurrentLinkedQueue<>();
        try (RunningServer running = RunningServer.start(server)) {
            int port = ((InetSocketAddress) running.address()).getPort();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.add(Thread.ofPlatform().name("reload-client-" + c).start(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("localhost", port);
                                LineClient line = LineClient.over(socket)) {
                            String request = "client " + id + " request " + n++;
                            String reply = line.call(request);
                            Certificate seen = socket.getSession().getPeerCertificates()[0];
                            if (!request.equals(reply)) {
                                failures.add(request + " -> " + reply);
                            } else if (seen.equals(newCert)) {
                                newSeen.incrementAndGet();
                            } else {
                                oldSeen.incrementAndGet();
                                if (started - reloadedAt[0] > 0) {
                                    staleAfterReload.add(request);
                                }
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            int before = kind.scale(40);
            await().atMost(Duration.ofSeconds(60)).until(() -> oldSeen.get() >= before || !failures.isEmpty());
            // as certbot does: the new files replace the old ones, then the server is told
            Files.copy(second.privateKey(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(second.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
            server.reloadTls();
            reloadedAt[0] = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> newSeen.get() >= before || !failures.isEmpty());
            stop.set(true);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(30));
            }
        }
        assertThat(failures).as("failed requests").isEmpty();
        assertThat(staleAfterReload).as("handshakes begun after the reload that got the old certificate").isEmpty();
        assertThat(server.statistics().tls().handshakeFailures()).isZero();
    }
}
