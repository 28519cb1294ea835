package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.socketserver4j.core.testing.FakeConnection;

/**
 * Properties of the request parser, and of the handler around it, over random and malformed
 * input cut into random pieces: the parser answers NEED_MORE (having consumed its input), a
 * request, or an error status, and never throws; its buffers never pass the limits; an error
 * is for ever; valid pipelines parse the same however they are cut. The handler never throws
 * and writes only well-formed responses.
 */
class HttpRequestParserProperties {

    /** Small limits, so random input runs into every one of them. */
    private static final HttpLimits SMALL = new HttpLimits(32, 64, 4, 48);

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> token = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("GET", "POST", "HEAD", " ", "/", "/a?b", "*", "http://h/p", "HTTP/1.1",
                        "HTTP/1.0", "HTTP/2.0", "\r\n", "\r", "\n", "\t", ":", ";", ",", "Host: a",
                        "Content-Length: ", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip",
                        "Expect: 100-continue", "Connection: close", "0\r\n\r\n", "ff", "-1", "%2e")
                        .map(HttpRequestParserProperties::bytes)),
                Tuple.of(3, Arbitraries.integers().between(0, 100).map(i -> bytes(Integer.toString(i)))),
                Tuple.of(2, Arbitraries.integers().between(0, 300).map(i -> bytes(Integer.toHexString(i)))),
                Tuple.of(2, Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10).map(HttpRequestParserProperties::bytes)),
                Tuple.of(2, Arbitraries.bytes().map(b -> new byte[] {b})),
                Tuple.of(2, validRequest()),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(80)));
        return token.list().ofMaxSize(40).map(HttpRequestParserProperties::join);
    }

    @Provide
    Arbitrary<byte[]> validRequest() {
        Arbitrary<String> method = Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");
        Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6)
                .list().ofMaxSize(3).map(segments -> "/" + String.join("/", segments));
        Arbitrary<String> query = Arbitraries.of("", "?x=1", "?a&b");
        Arbitrary<String> fields = Arbitraries.of("", "Accept: */*\r\n", "X-A:  1 \r\nX-B:2\r\n", "Connection: close\r\n");
        Arbitrary<String> body = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
        Arbitrary<Integer> framing = Arbitraries.integers().between(0, 2);
        Arbitrary<String> eol = Arbitraries.of("\r\n", "\n");
        return Combinators.combine(method, path, query, fields, body, framing, eol).as(
                (m, p, q, f, b, how, nl) -> {
                    StringBuilder r = new StringBuilder(m + " " + p + q + " HTTP/1.1" + nl + "Host: h" + nl);
                    r.append(f.replace("\r\n", nl));
                    if (how == 1) {
                        r.append("Content-Length: ").append(b.length()).append(nl).append(nl).append(b);
                    } else if (how == 2) {
                        r.append("Transfer-Encoding: chunked").append(nl).append(nl);
                        for (int i = 0; i < b.length(); i += 7) {
                            String chunk = b.substring(i, Math.min(b.length(), i + 7));
                            r.append(Integer.toHexString(chunk.length())).append(nl).append(chunk).append(nl);
                        }
                        r.append("0").append(nl).append(nl);
                    } else {
                        r.append(nl);
                    }
                    return bytes(r.toString());
                });
    }

    @Provide
    Arbitrary<byte[]> validPipeline() {
        return validRequest().list().ofMinSize(1).ofMaxSize(4).map(HttpRequestParserProperties::join);
    }

    @Provide
    Arbitrary<List<Integer>> pieceSizes() {
        return Arbitraries.integers().between(1, 40).list().ofMinSize(1).ofMaxSize(10);
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 1500)
    void randomInputGetsAnErrorOrARequestOrAsksForMoreAndStaysBounded(@ForAll("noise") byte[] input,
            @ForAll("pieceSizes") List<Integer> sizes) {
        checkBoundedAndTotal(SMALL, cut(input, sizes));
        checkBoundedAndTotal(HttpLimits.defaults(), cut(input, sizes));
    }

    @Property(tries = 1500)
    void corruptedRequestsNeverThrowNorGrowPastTheLimits(@ForAll("validPipeline") byte[] pipeline,
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte replacement,
            @ForAll("pieceSizes") List<Integer> sizes) {
        byte[] corrupted = pipeline.clone();
        corrupted[where % corrupted.length] = replacement;
        checkBoundedAndTotal(SMALL, cut(corrupted, sizes));
        checkBoundedAndTotal(HttpLimits.defaults(), cut(corrupted, sizes));
    }

    @Property(tries = 1000)
    void truncatedOrExtendedRequestsNeverThrow(@ForAll("validPipeline") byte[] pipeline,
            @ForAll @IntRange(min = 0, max = 10_000) int cutAt, @ForAll("noise") byte[] tail,
            @ForAll("pieceSizes") List<Integer> sizes) {
        byte[] head = java.util.Arrays.copyOf(pipeline, cutAt % (pipeline.length + 1));
        checkBoundedAndTotal(HttpLimits.defaults(), cut(HttpRequestParserTest.concat(head, tail), sizes));
    }

    @Property(tries = 1000)
    void validPipelinesParseTheSameHoweverTheyAreCut(@ForAll("validPipeline") byte[] pipeline,
            @ForAll("pieceSizes") List<Integer> sizes) {
        HttpRequestParserTest.Outcome whole = HttpRequestParserTest.feed(HttpLimits.defaults(), List.of(pipeline));
        HttpRequestParserTest.Outcome pieces = HttpRequestParserTest.feed(HttpLimits.defaults(), cut(pipeline, sizes));
        assertThat(whole.failure()).isNull();
        assertThat(whole.midRequest()).isFalse();
        assertThat(pieces).isEqualTo(whole);
    }

    @Property(tries = 800)
    void theHandlerNeverThrowsAndAnswersOnlyWellFormedResponses(@ForAll("noise") byte[] input,
            @ForAll("pieceSizes") List<Integer> sizes, @ForAll boolean clientEnds) throws IOException {
        Router.Builder routes = Router.builder();
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS")) {
            routes.prefix(method, "/", ResponseReader::echoMethod);
        }
        HttpHandler handler = new HttpHandler(routes.build(), SMALL);
        FakeConnection connection = new FakeConnection(256, 64).drive(handler);
        for (byte[] piece : cut(input, sizes)) {
            connection.feed(piece);
            connection.clientReads();
        }
        if (clientEnds) {
            connection.feedEnd();
        }
        List<ResponseReader.Response> responses = ResponseReader.all(connection.output());
        for (ResponseReader.Response response : responses) {
            assertThat(response.status()).isBetween(100, 599);
            assertThat(response.header("Server")).isEqualTo("socketserver4j");
        }
        if (!responses.isEmpty() && responses.get(responses.size() - 1).status() >= 400
                && responses.get(responses.size() - 1).status() != 404 && responses.get(responses.size() - 1).status() != 405) {
            assertThat(connection.outputShut() || !connection.isOpen()).as("closed after an error").isTrue();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void checkBoundedAndTotal(HttpLimits limits, List<byte[]> pieces) {
        HttpRequestParser parser = new HttpRequestParser(limits);
        ParseResult.Failed failed = null;
        for (byte[] piece : pieces) {
            ByteBuffer in = ByteBuffer.wrap(piece);
            while (true) {
                ParseResult result = parser.parse(in);
                assertThat(parser.lineCapacity()).isLessThanOrEqualTo(Math.max(limits.maxRequestLineBytes(), limits.maxHeaderBytes()));
                assertThat(parser.bodyCapacity()).isLessThanOrEqualTo(limits.maxBodyBytes());
                if (failed != null) {
                    assertThat(result).as("a failure is for ever").isSameAs(failed);
                    break;
                }
                if (result instanceof ParseResult.Failed f) {
                    assertThat(f.status()).isIn(400, 413, 414, 417, 431, 501, 505);
                    failed = f;
                    break;
                }
                if (result instanceof ParseResult.Complete complete) {
                    assertThat(complete.request().bodyLength()).isLessThanOrEqualTo(limits.maxBodyBytes());
                    continue;
                }
                assertThat(result).isSameAs(ParseResult.NEED_MORE);
                assertThat(in.hasRemaining()).as("NEED_MORE consumes its input").isFalse();
                break;
            }
        }
    }

    static List<byte[]> cut(byte[] input, List<Integer> sizes) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < input.length; i++) {
            int n = Math.min(sizes.get(i % sizes.size()), input.length - at);
            pieces.add(java.util.Arrays.copyOfRange(input, at, at + n));
            at += n;
        }
        return pieces;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
