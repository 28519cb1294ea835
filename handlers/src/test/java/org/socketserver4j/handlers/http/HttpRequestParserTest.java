package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request parser on every request form and every error, each fed whole, split in two at
 * every byte boundary, split in three at every pair of boundaries, and byte by byte: the
 * outcome never depends on how the bytes arrive.
 */
class HttpRequestParserTest {

    private static final HttpLimits LIMITS = HttpLimits.defaults();

    /** What feeding some input produced: the requests, in a comparable form, and a failure. */
    record Outcome(List<String> requests, ParseResult.Failed failure, boolean midRequest) {}

    static Outcome feed(HttpLimits limits, List<byte[]> pieces) {
        HttpRequestParser parser = new HttpRequestParser(limits);
        List<String> requests = new ArrayList<>();
        for (byte[] piece : pieces) {
            ByteBuffer in = ByteBuffer.wrap(piece);
            while (true) {
                ParseResult result = parser.parse(in);
                assertThat(parser.lineCapacity()).isLessThanOrEqualTo(parser.lineLimit());
                assertThat(parser.bodyCapacity()).isLessThanOrEqualTo(limits.maxBodyBytes());
                if (result instanceof ParseResult.Complete complete) {
                    requests.add(describe(complete.request()));
                } else if (result instanceof ParseResult.Failed failed) {
                    return new Outcome(requests, failed, false);
                } else {
                    assertThat(in.hasRemaining()).as("NEED_MORE consumes its input").isFalse();
                    break;
                }
            }
        }
        return new Outcome(requests, null, !parser.isIdle());
    }

    static String describe(HttpRequest r) {
        return r.method() + " " + r.target() + " path=" + r.path() + " query=" + r.query() + " " + r.version()
                + " " + r.headers() + " body=" + new String(r.body(), StandardCharsets.ISO_8859_1)
                + " trailers=" + r.trailers() + " keepAlive=" + r.keepAlive();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every way of cutting {@code input}: whole, in two everywhere, in three everywhere (short inputs), byte by byte. */
    static List<List<byte[]>> splits(byte[] input) {
        List<List<byte[]>> all = new ArrayList<>();
        all.add(List.of(input));
        for (int i = 0; i <= input.length; i++) {
            all.add(List.of(Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i, input.length)));
        }
        if (input.length <= 160) {
            for (int i = 1; i < input.length; i++) {
                for (int j = i + 1; j < input.length; j++) {
                    all.add(List.of(Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i, j),
                            Arrays.copyOfRange(input, j, input.length)));
                }
            }
        }
        List<byte[]> single = new ArrayList<>();
        for (byte b : input) {
            single.add(new byte[] {b});
        }
        all.add(single);
        return all;
    }

    static Stream<Arguments> forms() {
        return Stream.of(
                Arguments.of("simple GET", "GET /plaintext HTTP/1.1\r\nHost: a\r\n\r\n",
                        List.of("GET /plaintext path=/plaintext query=null HTTP/1.1 {Host: a} body= trailers={} keepAlive=true")),
                Arguments.of("bare LF line ends", "GET / HTTP/1.1\nHost: a\n\n",
                        List.of("GET / path=/ query=null HTTP/1.1 {Host: a} body= trailers={} keepAlive=true")),
                Arguments.of("HTTP/1.0 with query, no Host", "GET /x?y=1&z HTTP/1.0\r\n\r\n",
                        List.of("GET /x?y=1&z path=/x query=y=1&z HTTP/1.0 {} body= trailers={} keepAlive=false")),
                Arguments.of("HTTP/1.0 keep-alive", "HEAD / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
                        List.of("HEAD / path=/ query=null HTTP/1.0 {Connection: Keep-Alive} body= trailers={} keepAlive=true")),
                Arguments.of("optional whitespace, repeated and empty fields",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-A:   1 \t\r\nx-a:2\r\nX-Empty:\r\nConnection: close\r\n\r\n",
                        List.of("GET / path=/ query=null HTTP/1.1 {Host: a, X-A: 1, x-a: 2, X-Empty: , Connection: close}"
                                + " body= trailers={} keepAlive=false")),
                Arguments.of("obs-text in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: caf\u00e9\r\n\r\n",
                        List.of("GET / path=/ query=null HTTP/1.1 {Host: a, X: caf\u00e9} body= trailers={} keepAlive=true")),
                Arguments.of("Content-Length body", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
                        List.of("POST /echo path=/echo query=null HTTP/1.1 {Host: a, Content-Length: 11} body=hello world"
                                + " trailers={} keepAlive=true")),
                Arguments.of("equal Content-Length values", "PUT /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc",
                        List.of("PUT /p path=/p query=null HTTP/1.1 {Host: a, Content-Length: 3, 3, Content-Length: 3} body=abc"
                                + " trailers={} keepAlive=true")),
                Arguments.of("chunked body with extensions and trailers",
                        "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
                                + "5;name=\"v\"\r\nhello\r\n06 ; x\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n",
                        List.of("POST /up path=/up query=null HTTP/1.1 {Host: a, Transfer-Encoding: Chunked} body=hello world"
                                + " trailers={X-Sum: 42} keepAlive=true")),
                Arguments.of("chunked body, bare LF, no trailers",
                        "POST /up HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n",
                        List.of("POST /up path=/up query=null HTTP/1.1 {Host: a, Transfer-Encoding: chunked} body=abc"
                                + " trailers={} keepAlive=true")),
                Arguments.of("empty lines before the request line", "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                        List.of("GET / path=/ query=null HTTP/1.1 {Host: a} body= trailers={} keepAlive=true")),
                Arguments.of("absolute form", "GET http://example.com:8080/p/q?x HTTP/1.1\r\nHost: example.com\r\n\r\n",
                        List.of("GET http://example.com:8080/p/q?x path=/p/q query=x HTTP/1.1 {Host: example.com} body="
                                + " trailers={} keepAlive=true")),
                Arguments.of("absolute form without a path", "GET https://example.com?q HTTP/1.1\r\nHost: example.com\r\n\r\n",
                        List.of("GET https://example.com?q path=/ query=q HTTP/1.1 {Host: example.com} body="
                                + " trailers={} keepAlive=true")),
                Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                        List.of("OPTIONS * path=* query=null HTTP/1.1 {Host: a} body= trailers={} keepAlive=true")),
                Arguments.of("three pipelined requests",
                        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                                + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
                                + "POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
                        List.of("GET /1 path=/1 query=null HTTP/1.1 {Host: a} body= trailers={} keepAlive=true",
                                "POST /2 path=/2 query=null HTTP/1.1 {Host: a, Content-Length: 2} body=hi trailers={} keepAlive=true",
                                "POST /3 path=/3 query=null HTTP/1.1 {Host: a, Transfer-Encoding: chunked} body=x trailers={}"
                                        + " keepAlive=true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void parsesEveryFormTheSameWhereverTheInputIsSplit(String name, String request, List<String> expected) {
        for (List<byte[]> pieces : splits(bytes(request))) {
            Outcome outcome = feed(LIMITS, pieces);
            assertThat(outcome.failure()).as("%s split %s", name, sizes(pieces)).isNull();
            assertThat(outcome.requests()).as("%s split %s", name, sizes(pieces)).isEqualTo(expected);
            assertThat(outcome.midRequest()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void everyProperPrefixAsksForMore(String name, String request, List<String> expected) {
        byte[] all = bytes(request);
        for (int i = 0; i < all.length; i++) {
            Outcome outcome = feed(LIMITS, List.of(Arrays.copyOf(all, i)));
            assertThat(outcome.failure()).as("%s, first %d bytes", name, i).isNull();
            assertThat(outcome.requests().size()).isLessThan(expected.size() + (outcome.midRequest() ? 0 : 1));
        }
    }

    static Stream<Arguments> errors() {
        HttpLimits small = new HttpLimits(32, 64, 4, 16);
        return Stream.of(
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", LIMITS, 505),
                Arguments.of("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", LIMITS, 505),
                Arguments.of("no version (HTTP/0.9 style)", "GET /\r\n\r\n", LIMITS, 400),
                Arguments.of("lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("two-digit version", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("fragment in target", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("control character in target", "GET /a\u0001 HTTP/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("relative target", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("* for GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("invalid method", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", LIMITS, 400),
                Arguments.of("binary garbage", "\u0000\u00ff\u0016\u0003\u0001\r\n\r\n", LIMITS, 400),
                Arguments.of("no Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", LIMITS, 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", LIMITS, 400),
                Arguments.of("space in field name", "GET / HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n", LIMITS, 400),
                Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", LIMITS, 400),
                Arguments.of("no colon", "GET / HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n", LIMITS, 400),
                Arguments.of("empty field name", "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", LIMITS, 400),
                Arguments.of("obsolete line folding", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  2\r\n\r\n", LIMITS, 400),
                Arguments.of("bare CR in a value", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", LIMITS, 400),
                Arguments.of("NUL in a value", "GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n", LIMITS, 400),
                Arguments.of("Content-Length and Transfer-Encoding",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", LIMITS, 400),
                Arguments.of("differing Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!", LIMITS, 400),
                Arguments.of("repeated differing Content-Length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", LIMITS, 400),
                Arguments.of("negative Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", LIMITS, 400),
                Arguments.of("hex Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", LIMITS, 400),
                Arguments.of("Transfer-Encoding in HTTP/1.0",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", LIMITS, 400),
                Arguments.of("chunked not final", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", LIMITS, 400),
                Arguments.of("chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", LIMITS, 400),
                Arguments.of("unknown coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", LIMITS, 501),
                Arguments.of("invalid chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", LIMITS, 400),
                Arguments.of("chunk size with junk", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\nhello\r\n0\r\n\r\n",
                        LIMITS, 400),
                Arguments.of("chunk data without CRLF",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n", LIMITS, 400),
                Arguments.of("chunk extension with a control character",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;a\u0001\r\nx\r\n0\r\n\r\n", LIMITS, 400),
                Arguments.of("invalid trailer", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
                        LIMITS, 400),
                Arguments.of("unsupported Expect", "POST / HTTP/1.1\r\nHost: a\r\nExpect: tea\r\nContent-Length: 1\r\n\r\nx", LIMITS, 417),
                Arguments.of("request line too long", "GET /" + "a".repeat(40) + " HTTP/1.1\r\nHost: a\r\n\r\n", small, 414),
                Arguments.of("endless request line", "GET /" + "a".repeat(40), small, 414),
                Arguments.of("header section too large", "GET / HTTP/1.1\r\nHost: a\r\nX: " + "v".repeat(60) + "\r\n\r\n", small, 431),
                Arguments.of("endless header", "GET / HTTP/1.1\r\nHost: " + "v".repeat(80), small, 431),
                Arguments.of("too many fields", "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", small, 431),
                Arguments.of("trailer section too large", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: "
                        + "v".repeat(70) + "\r\n\r\n", small, 431),
                Arguments.of("Content-Length too long", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n", small, 413),
                Arguments.of("huge Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                        LIMITS, 413),
                Arguments.of("chunked body too long", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "a\r\n0123456789\r\n7\r\n0123456\r\n0\r\n\r\n", small, 413),
                Arguments.of("huge chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0000fffffffffffffffff\r\n", LIMITS, 413),
                Arguments.of("too many empty lines", "\r\n".repeat(40) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", small, 400));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("errors")
    void answersEveryErrorWithItsStatusWhereverTheInputIsSplit(String name, String request, HttpLimits limits, int status) {
        for (List<byte[]> pieces : splits(bytes(request))) {
            Outcome outcome = feed(limits, pieces);
            assertThat(outcome.failure()).as("%s split %s", name, sizes(pieces)).isNotNull();
            assertThat(outcome.failure().status()).as("%s split %s", name, sizes(pieces)).isEqualTo(status);
            assertThat(outcome.requests()).isEmpty();
        }
    }

    @Test
    void aFailureIsForeverUntilReset() {
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        ParseResult first = parser.parse(ByteBuffer.wrap(bytes("BAD LINE\r\n")));
        assertThat(first).isInstanceOf(ParseResult.Failed.class);
        assertThat(parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n")))).isSameAs(first);
        parser.reset();
        assertThat(parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))))
                .isInstanceOf(ParseResult.Complete.class);
    }

    @Test
    void leavesTheNextPipelinedRequestInTheBuffer() {
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        ByteBuffer in = ByteBuffer.wrap(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n"));
        ParseResult result = parser.parse(in);
        assertThat(((ParseResult.Complete) result).request().path()).isEqualTo("/a");
        assertThat(in.position()).isEqualTo("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".length());
        assertThat(parser.isIdle()).isTrue();
        assertThat(parser.parse(in)).isSameAs(ParseResult.NEED_MORE);
        assertThat(parser.isIdle()).isFalse();
    }

    @Test
    void limitsAreExactRequestLineAndHeaderSectionFitToTheByte() {
        HttpLimits limits = new HttpLimits(32, 64, 10, 0);
        String lineOf32 = "GET /" + "a".repeat(32 - 16) + " HTTP/1.1\r\n";
        assertThat(lineOf32).hasSize(32);
        String host = "Host: a\r\n";
        String filler = "X: " + "v".repeat(64 - host.length() - 2 - 5) + "\r\n";
        assertThat(host.length() + filler.length() + 2).isEqualTo(64);
        assertThat(feed(limits, List.of(bytes(lineOf32 + host + filler + "\r\n"))).requests()).hasSize(1);
        String lineOf33 = "GET /" + "a".repeat(33 - 16) + " HTTP/1.1\r\n";
        assertThat(feed(limits, List.of(bytes(lineOf33 + host + "\r\n"))).failure().status()).isEqualTo(414);
        String biggerFiller = "X: " + "v".repeat(64 - host.length() - 2 - 5 + 1) + "\r\n";
        assertThat(feed(limits, List.of(bytes(lineOf32 + host + biggerFiller + "\r\n"))).failure().status())
                .isEqualTo(431);
    }

    @Test
    void aBodyExactlyAtTheLimitIsAcceptedInBothFramings() {
        HttpLimits limits = LIMITS.withMaxBodyBytes(10);
        String fixed = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789";
        String chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n";
        assertThat(feed(limits, List.of(bytes(fixed))).requests()).singleElement().asString().contains("body=0123456789");
        assertThat(feed(limits, List.of(bytes(chunked))).requests()).singleElement().asString().contains("body=0123456789");
    }

    @Test
    void expectContinueIsOfferedOnceBeforeAnyBodyByte() {
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        String head = "POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
        assertThat(parser.parse(ByteBuffer.wrap(bytes(head)))).isSameAs(ParseResult.NEED_MORE);
        assertThat(parser.takeExpectContinue()).isTrue();
        assertThat(parser.takeExpectContinue()).isFalse();
        assertThat(parser.parse(ByteBuffer.wrap(bytes("abc")))).isInstanceOf(ParseResult.Complete.class);

        // the client did not wait: body bytes came with the head, so no 100 is due
        assertThat(parser.parse(ByteBuffer.wrap(bytes(head + "a")))).isSameAs(ParseResult.NEED_MORE);
        assertThat(parser.takeExpectContinue()).isFalse();
        parser.reset();

        // HTTP/1.0 ignores Expect
        String old = "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
        assertThat(parser.parse(ByteBuffer.wrap(bytes(old)))).isSameAs(ParseResult.NEED_MORE);
        assertThat(parser.takeExpectContinue()).isFalse();
    }

    @Test
    void aLargeBodyIsDroppedAfterItsRequestSoAnIdleConnectionHoldsLittle() {
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 'x');
        ByteBuffer in = ByteBuffer.wrap(concat(bytes("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 200000\r\n\r\n"), body));
        ParseResult.Complete done = (ParseResult.Complete) parser.parse(in);
        assertThat(done.request().bodyLength()).isEqualTo(200_000);
        assertThat(parser.bodyCapacity()).isZero();
        assertThat(parser.lineCapacity()).isLessThanOrEqualTo(4096);
    }

    @Test
    void readsFromDirectAndReadOnlyBuffers() {
        byte[] request = bytes("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok");
        ByteBuffer direct = ByteBuffer.allocateDirect(request.length).put(request).flip();
        assertThat(new HttpRequestParser(LIMITS).parse(direct)).isInstanceOf(ParseResult.Complete.class);
        ByteBuffer readOnly = ByteBuffer.wrap(request).asReadOnlyBuffer();
        assertThat(new HttpRequestParser(LIMITS).parse(readOnly)).isInstanceOf(ParseResult.Complete.class);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String sizes(List<byte[]> pieces) {
        return pieces.stream().map(p -> String.valueOf(p.length)).toList().toString();
    }
}
