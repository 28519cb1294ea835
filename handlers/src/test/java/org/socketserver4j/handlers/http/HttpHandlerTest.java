package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketserver4j.core.testing.FakeConnection;

/**
 * The handler driven directly, as a reactor drives it: keep-alive, pipelining in order, HEAD,
 * closing, errors, 100-continue, and back-pressure with bodies in memory and in files.
 */
class HttpHandlerTest {

    private static final String GET_PLAINTEXT = "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n";

    @TempDir
    Path temp;

    private static List<ResponseReader.Response> responses(FakeConnection connection) throws IOException {
        return ResponseReader.all(connection.output());
    }

    @Test
    void answersPlaintextLikeTechEmpowerWithDateAndServer() throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler());
        connection.feed(GET_PLAINTEXT);
        ResponseReader.Response response = responses(connection).get(0);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("Hello, World!");
        assertThat(response.header("Content-Type")).isEqualTo("text/plain");
        assertThat(response.header("Content-Length")).isEqualTo("13");
        assertThat(response.header("Server")).isEqualTo("socketserver4j");
        assertThat(HttpDate.parse(response.header("Date"))).isBetween(Instant.now().minusSeconds(5), Instant.now());
        assertThat(response.header("Connection")).isNull();
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.readingPaused()).isFalse();
    }

    @Test
    void answersPipelinedRequestsInOrderHoweverTheyArrive() throws IOException {
        String pipeline = GET_PLAINTEXT
                + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Type: text/x-one\r\nContent-Length: 3\r\n\r\none"
                + "GET /missing HTTP/1.1\r\nHost: h\r\n\r\n"
                + "DELETE /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"
                + "PUT /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: h\r\n\r\n";
        List<String> expected = List.of("200 Hello, World!", "200 one", "404 404 Not Found\n",
                "405 405 Method Not Allowed\n", "200 two", "200 Hello from socketserver4j!\n");
        for (int piece : new int[] {pipeline.length(), 1, 7, 50}) {
            FakeConnection connection = new FakeConnection().drive(new HttpHandler());
            for (int i = 0; i < pipeline.length(); i += piece) {
                connection.feed(pipeline.substring(i, Math.min(pipeline.length(), i + piece)));
            }
            List<ResponseReader.Response> responses = responses(connection);
            assertThat(responses).extracting(r -> r.status() + " " + r.bodyText()).as("pieces of %d", piece)
                    .isEqualTo(expected);
            assertThat(responses.get(1).header("Content-Type")).isEqualTo("text/x-one");
            assertThat(responses.get(3).header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void headGetsTheHeadersWithoutTheBodyAndTheConnectionGoesOn() throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler());
        connection.feed("HEAD /plaintext HTTP/1.1\r\nHost: h\r\n\r\n" + GET_PLAINTEXT);
        ResponseReader reader = new ResponseReader(connection.output());
        ResponseReader.Response head = reader.next(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("13");
        assertThat(reader.next(false).bodyText()).isEqualTo("Hello, World!");
        assertThat(reader.hasMore()).isFalse();
    }

    @Test
    void connectionCloseEndsTheConnectionAfterTheResponse() throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler());
        connection.feed("GET /plaintext HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n" + GET_PLAINTEXT);
        List<ResponseReader.Response> responses = responses(connection);
        assertThat(responses).hasSize(1);
        assertThat(responses.get(0).header("Connection")).isEqualTo("close");
        assertThat(connection.outputShut()).isTrue();
        connection.feed("more bytes the client sent meanwhile");
        assertThat(responses(connection)).hasSize(1);
        connection.feedEnd();
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aClientThatKeepsSendingAfterTheCloseIsCutOff() {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler());
        connection.feed("GET /plaintext HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        byte[] junk = new byte[64 * 1024];
        for (int i = 0; i < 5 && connection.isOpen(); i++) {
            connection.feed(junk);
        }
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws IOException {
        FakeConnection plain = new FakeConnection().drive(new HttpHandler());
        plain.feed("GET /plaintext HTTP/1.0\r\n\r\n");
        assertThat(responses(plain).get(0).header("Connection")).isEqualTo("close");
        assertThat(plain.outputShut()).isTrue();

        FakeConnection kept = new FakeConnection().drive(new HttpHandler());
        kept.feed("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        List<ResponseReader.Response> responses = responses(kept);
        assertThat(responses).hasSize(2).allSatisfy(r -> assertThat(r.header("Connection")).isEqualTo("keep-alive"));
        assertThat(kept.outputShut()).isFalse();
    }

    @Test
    void malformedInputGetsItsErrorThenTheConnectionCloses() throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler());
        connection.feed(GET_PLAINTEXT + "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n" + GET_PLAINTEXT);
        List<ResponseReader.Response> responses = responses(connection);
        assertThat(responses).extracting(ResponseReader.Response::status).containsExactly(200, 400);
        assertThat(responses.get(1).header("Connection")).isEqualTo("close");
        assertThat(responses.get(1).bodyText()).startsWith("400 Bad Request: invalid field name");
        assertThat(connection.outputShut()).isTrue();
        connection.feedEnd();
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void eachLimitAnswersItsOwnStatus() throws IOException {
        HttpLimits limits = new HttpLimits(64, 128, 8, 10);
        assertThat(statusFor(limits, "GET /" + "x".repeat(100) + " HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(414);
        assertThat(statusFor(limits, "GET / HTTP/1.1\r\nHost: h\r\nX: " + "x".repeat(200) + "\r\n\r\n")).isEqualTo(431);
        assertThat(statusFor(limits, "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n")).isEqualTo(413);
        assertThat(statusFor(limits, "GET / HTTP/3.0\r\nHost: h\r\n\r\n")).isEqualTo(505);
    }

    private static int statusFor(HttpLimits limits, String input) throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler(HttpHandler.defaultRouter(), limits));
        connection.feed(input);
        assertThat(connection.outputShut()).isTrue();
        return responses(connection).get(0).status();
    }

    @Test
    void expectContinueGetsA100ThenTheResponse() throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler());
        connection.feed("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(connection.outputText()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        connection.feed("hello");
        List<ResponseReader.Response> responses = responses(connection);
        assertThat(responses).extracting(r -> r.status() + " " + r.bodyText()).containsExactly("100 ", "200 hello");
    }

    @Test
    void aTooLongExpectedBodyIsRefusedBeforeItIsSent() throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler(HttpHandler.defaultRouter(),
                HttpLimits.defaults().withMaxBodyBytes(4)));
        connection.feed("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(responses(connection)).extracting(ResponseReader.Response::status).containsExactly(413);
    }

    @Test
    void aFailingRouteGets500AndTheConnectionGoesOn() throws IOException {
        Router router = Router.builder()
                .get("/boom", request -> {
                    throw new IllegalStateException("boom");
                })
                .get("/null", request -> null)
                .get("/ok", request -> HttpResponse.text(200, "ok"))
                .build();
        FakeConnection connection = new FakeConnection().drive(new HttpHandler(router));
        connection.feed("GET /boom HTTP/1.1\r\nHost: h\r\n\r\nGET /null HTTP/1.1\r\nHost: h\r\n\r\nGET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(responses(connection)).extracting(ResponseReader.Response::status).containsExactly(500, 500, 200);
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void theClientEndingItsStreamClosesAfterTheAnswers() throws IOException {
        FakeConnection connection = new FakeConnection().drive(new HttpHandler());
        connection.feed(GET_PLAINTEXT + "GET /plain");
        connection.feedEnd();
        assertThat(responses(connection)).hasSize(1);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aClientPipeliningWithoutReadingIsPausedAndTheOutputStaysBounded() throws IOException {
        int high = 2048;
        FakeConnection connection = new FakeConnection(high, 512).drive(new HttpHandler());
        int requests = 500;
        connection.feed(GET_PLAINTEXT.repeat(requests));
        assertThat(connection.readingPaused()).as("paused once the client stopped reading").isTrue();
        assertThat(connection.feed(GET_PLAINTEXT)).as("a paused connection is not read (yet)").isFalse();
        int rounds = 0;
        while (connection.readingPaused() && rounds++ < 1000) {
            connection.clientReads();
        }
        assertThat(connection.readingPaused()).isFalse();
        assertThat(connection.mostQueued()).isLessThanOrEqualTo(high + 16 * 1024 + 512);
        List<ResponseReader.Response> responses = responses(connection);
        assertThat(responses).hasSize(requests + 1).allSatisfy(r -> assertThat(r.bodyText()).isEqualTo("Hello, World!"));
    }

    @Test
    void aLargeBodyGoesOutPieceByPieceAsTheClientReads() throws IOException {
        byte[] upload = new byte[900_000];
        new Random(7).nextBytes(upload);
        FakeConnection connection = new FakeConnection(32 * 1024, 8 * 1024).drive(new HttpHandler());
        byte[] head = ("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + upload.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        connection.feed(HttpRequestParserTest.concat(HttpRequestParserTest.concat(head, upload),
                GET_PLAINTEXT.getBytes(StandardCharsets.US_ASCII)));
        drain(connection);
        assertThat(connection.mostQueued()).isLessThanOrEqualTo(32 * 1024 + 64 * 1024 + 1024);
        List<ResponseReader.Response> responses = responses(connection);
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).body()).isEqualTo(upload);
        assertThat(responses.get(1).bodyText()).isEqualTo("Hello, World!");
    }

    @Test
    void aFileIsSentInPiecesAndPipelinedRequestsWaitForIt() throws IOException {
        byte[] content = new byte[1_000_000];
        new Random(3).nextBytes(content);
        Files.write(temp.resolve("big.bin"), content);
        Router router = Router.builder().mount("/files/", new StaticFiles(temp)).get("/plaintext",
                request -> HttpResponse.text(200, "after")).build();
        FakeConnection connection = new FakeConnection(48 * 1024, 16 * 1024).drive(new HttpHandler(router));
        connection.feed("GET /files/big.bin HTTP/1.1\r\nHost: h\r\n\r\n" + GET_PLAINTEXT
                + "GET /files/big.bin HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertThat(connection.readingPaused()).isTrue();
        drain(connection);
        assertThat(connection.mostQueued()).isLessThanOrEqualTo(48 * 1024 + 64 * 1024 + 1024);
        List<ResponseReader.Response> responses = responses(connection);
        assertThat(responses).hasSize(3);
        assertThat(responses.get(0).body()).isEqualTo(content);
        assertThat(responses.get(0).header("Content-Type")).isEqualTo(ContentTypes.of(temp.resolve("big.bin")));
        assertThat(responses.get(1).bodyText()).isEqualTo("after");
        assertThat(responses.get(2).body()).isEqualTo(content);
        assertThat(connection.outputShut()).isTrue();
    }

    @Test
    void aFileShorterThanAnnouncedClosesTheConnection() throws IOException {
        Path file = Files.writeString(temp.resolve("shrinks.txt"), "0123456789");
        Router router = Router.builder().get("/f", request ->
                HttpResponse.file(java.nio.channels.FileChannel.open(file), 100, "text/plain")).build();
        FakeConnection connection = new FakeConnection().drive(new HttpHandler(router));
        connection.feed("GET /f HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.outputText()).contains("Content-Length: 100").endsWith("0123456789");
    }

    @Test
    void theDefaultHandlerServesTheStaticDirectoryOfItsSystemProperty() throws IOException {
        Files.writeString(temp.resolve("page.html"), "<p>static</p>");
        String previous = System.getProperty(HttpHandler.STATIC_ROOT_PROPERTY);
        System.setProperty(HttpHandler.STATIC_ROOT_PROPERTY, temp.toString());
        try {
            FakeConnection connection = new FakeConnection().drive(new HttpHandler());
            connection.feed("GET /static/page.html HTTP/1.1\r\nHost: h\r\n\r\n");
            ResponseReader.Response response = responses(connection).get(0);
            assertThat(response.bodyText()).isEqualTo("<p>static</p>");
            assertThat(response.header("Last-Modified")).isNotNull();
        } finally {
            if (previous == null) {
                System.clearProperty(HttpHandler.STATIC_ROOT_PROPERTY);
            } else {
                System.setProperty(HttpHandler.STATIC_ROOT_PROPERTY, previous);
            }
        }
        FakeConnection without = new FakeConnection().drive(new HttpHandler());
        without.feed("GET /static/page.html HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(responses(without).get(0).status()).isEqualTo(404);
    }

    @Test
    void aRouteCannotBreakTheFraming() throws IOException {
        Router router = Router.builder().get("/f", request -> HttpResponse.text(200, "four")
                .withHeader("Content-Length", "99").withHeader("Transfer-Encoding", "chunked")
                .withHeader("X-Kept", "yes")).build();
        FakeConnection connection = new FakeConnection().drive(new HttpHandler(router));
        connection.feed("GET /f HTTP/1.1\r\nHost: h\r\n\r\n");
        ResponseReader.Response response = responses(connection).get(0);
        assertThat(response.header("Content-Length")).isEqualTo("4");
        assertThat(response.header("Transfer-Encoding")).isNull();
        assertThat(response.header("X-Kept")).isEqualTo("yes");
        assertThat(response.bodyText()).isEqualTo("four");
    }

    /** The client reads until nothing more comes. */
    private static void drain(FakeConnection connection) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int before = connection.output().length;
            connection.clientReads();
            if (connection.output().length == before) {
                sizes.add(before);
                if (sizes.size() > 2) {
                    return;
                }
            }
        }
    }
}
