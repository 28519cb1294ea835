package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.BaseServer;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.TestTls;
import org.socketserver4j.core.testing.Transport;

/**
 * The handler driven by curl, as a user would: keep-alive, HEAD, a chunked upload, static
 * files with 304, 404, 405 and 413, against HybridServer; and one request under every server.
 */
class HttpCurlTest {

    private static final Duration CURL_TIMEOUT = Duration.ofSeconds(20);
    private static final int BODY_LIMIT = 256 * 1024;
    private static final Instant MODIFIED = Instant.parse("2025-06-07T08:09:10Z");

    @TempDir
    Path temp;

    private Path site;
    private RunningServer running;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        site = Files.createDirectories(temp.resolve("site"));
        Files.writeString(site.resolve("hello.txt"), "hello from a file\n");
        Files.setLastModifiedTime(site.resolve("hello.txt"), FileTime.from(MODIFIED));
        Files.writeString(temp.resolve("secret.txt"), "SECRET");
        Router router = HttpHandler.defaultRoutes()
                .post("/upload", HttpCurlTest::describeUpload)
                .mount("/static/", new StaticFiles(site))
                .build();
        HttpLimits limits = HttpLimits.defaults().withMaxBodyBytes(BODY_LIMIT);
        BaseServer server = ServerKind.HYBRID.create(HandlerFactory.event(() -> new HttpHandler(router, limits)), true);
        running = RunningServer.start(server);
        base = "http://127.0.0.1:" + ((InetSocketAddress) running.address()).getPort();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        running.close();
    }

    private static HttpResponse describeUpload(HttpRequest request) throws Exception {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.body()));
        return HttpResponse.text(200, "received " + request.bodyLength() + " bytes"
                + (request.headers().hasToken("Transfer-Encoding", "chunked") ? " chunked" : "") + " sha256=" + digest + "\n");
    }

    private Processes.Result curl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http1.1", "--max-time", "15"));
        command.addAll(List.of(arguments));
        return Processes.run(temp, CURL_TIMEOUT, command);
    }

    /** The final response in curl -i output (skipping 100 Continue): status line, headers, body. */
    private static String[] lastResponse(byte[] output) {
        String text = new String(output, StandardCharsets.ISO_8859_1);
        while (text.startsWith("HTTP/1.1 100")) {
            text = text.substring(text.indexOf("\r\n\r\n") + 4);
        }
        int end = text.indexOf("\r\n\r\n");
        return new String[] {text.substring(0, end), text.substring(end + 4)};
    }

    @Test
    void keepAliveServesTwoUrlsOnOneConnection() throws Exception {
        Processes.Result result = curl("-v", base + "/plaintext", base + "/hello");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.outText()).isEqualTo("Hello, World!Hello from socketserver4j!\n");
        assertThat(result.err()).contains("Re-using existing connection");
        assertThat(running.server().statistics().accepted()).isEqualTo(1);
    }

    @Test
    void plaintextHasTheHeadersOfTheTechEmpowerTest() throws Exception {
        Processes.Result result = curl("-i", base + "/plaintext");
        String[] response = lastResponse(result.out());
        assertThat(response[0]).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\nServer: socketserver4j", "\r\nContent-Type: text/plain", "\r\nContent-Length: 13")
                .containsPattern("\r\nDate: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(response[1]).isEqualTo("Hello, World!");
    }

    @Test
    void headGetsHeadersOnly() throws Exception {
        Processes.Result result = curl("-I", base + "/plaintext");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.outText()).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 13\r\n")
                .endsWith("\r\n\r\n").doesNotContain("Hello");
    }

    @Test
    void aChunkedUploadArrivesWhole() throws Exception {
        byte[] upload = new byte[150_000];
        new Random(11).nextBytes(upload);
        Path file = Files.write(temp.resolve("upload.bin"), upload);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upload));

        Processes.Result described = curl("-i", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                base + "/upload");
        assertThat(described.exit()).as(described.err()).isZero();
        String[] response = lastResponse(described.out());
        assertThat(response[0]).startsWith("HTTP/1.1 200 OK");
        assertThat(response[1]).isEqualTo("received 150000 bytes chunked sha256=" + digest + "\n");

        Processes.Result echoed = curl("-i", "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: application/x-test",
                "--data-binary", "@" + file, base + "/echo");
        String[] echo = lastResponse(echoed.out());
        assertThat(echo[0]).contains("Content-Type: application/x-test", "Content-Length: 150000");
        assertThat(echo[1].getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(upload);
    }

    @Test
    void servesStaticFilesWith304AndNeverOutsideTheDirectory() throws Exception {
        Processes.Result result = curl("-i", base + "/static/hello.txt");
        String[] response = lastResponse(result.out());
        assertThat(response[0]).startsWith("HTTP/1.1 200 OK").contains("Content-Type: text/plain; charset=utf-8",
                "Last-Modified: Sat, 07 Jun 2025 08:09:10 GMT", "Content-Length: 18");
        assertThat(response[1]).isEqualTo("hello from a file\n");

        Processes.Result notModified = curl("-i", "-z", "Sat, 07 Jun 2025 08:09:10 GMT", base + "/static/hello.txt");
        assertThat(lastResponse(notModified.out())[0]).startsWith("HTTP/1.1 304 Not Modified");
        assertThat(lastResponse(notModified.out())[1]).isEmpty();

        for (String escape : List.of("/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt")) {
            Processes.Result refused = curl("-i", "--path-as-is", base + escape);
            assertThat(lastResponse(refused.out())[0]).as(escape).startsWith("HTTP/1.1 404");
            assertThat(refused.outText()).doesNotContain("SECRET");
        }
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(lastResponse(curl("-i", base + "/nope").out())[0]).startsWith("HTTP/1.1 404 Not Found");
        String[] notAllowed = lastResponse(curl("-i", "-X", "DELETE", base + "/plaintext").out());
        assertThat(notAllowed[0]).startsWith("HTTP/1.1 405 Method Not Allowed").contains("Allow: GET, HEAD, OPTIONS");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        Path big = Files.write(temp.resolve("big.bin"), new byte[BODY_LIMIT + 1]);
        Processes.Result announced = curl("-i", "--data-binary", "@" + big, base + "/echo");
        String[] response = lastResponse(announced.out());
        assertThat(response[0]).startsWith("HTTP/1.1 413 Content Too Large").contains("Connection: close");
        assertThat(response[1]).startsWith("413 Content Too Large: body longer than 262144 bytes");

        Processes.Result chunked = curl("-i", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + big, base + "/echo");
        assertThat(lastResponse(chunked.out())[0]).startsWith("HTTP/1.1 413 Content Too Large");
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        Processes.Result result = curl("-i", "-v", "-H", "Connection: close", base + "/plaintext", base + "/hello");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.outText()).contains("Connection: close\r\n", "Hello, World!", "Hello from socketserver4j!");
        assertThat(result.err()).doesNotContain("Re-using existing connection");
        assertThat(running.server().statistics().accepted()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void answersCurlUnderEveryServer(ServerKind kind) throws Exception {
        try (RunningServer server = RunningServer.start(kind.create(HandlerFactory.of(HttpHandler.class), true))) {
            int port = ((InetSocketAddress) server.address()).getPort();
            Processes.Result result = curl("-i", "http://127.0.0.1:" + port + "/plaintext");
            assertThat(result.exit()).as(result.err()).isZero();
            String[] response = lastResponse(result.out());
            assertThat(response[0]).startsWith("HTTP/1.1 200 OK").contains("Server: socketserver4j");
            assertThat(response[1]).isEqualTo("Hello, World!");
        }
    }

    /** curl over TLS, checking the certificate, under every server that serves TLS; ALPN agrees on http/1.1. */
    @ParameterizedTest
    @MethodSource("org.socketserver4j.core.testing.TestTls#kinds")
    void answersCurlOverTlsUnderEveryServer(ServerKind kind) throws Exception {
        try (RunningServer server = RunningServer.start(TestTls.bound(kind, Transport.TCP, HandlerFactory.of(HttpHandler.class)))) {
            int port = ((InetSocketAddress) server.address()).getPort();
            Processes.Result result = curl("-i", "-v", "--cacert", TestTls.certificatePem().toString(),
                    "https://localhost:" + port + "/plaintext");
            assertThat(result.exit()).as(result.err()).isZero();
            String[] response = lastResponse(result.out());
            assertThat(response[0]).startsWith("HTTP/1.1 200 OK").contains("Server: socketserver4j");
            assertThat(response[1]).isEqualTo("Hello, World!");
            assertThat(result.err()).contains("ALPN: server accepted http/1.1");
            assertThat(server.server().statistics().tls().handshakes()).isEqualTo(1);
        }
    }
}
