package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP {@code GET /plaintext}: the requests written and every check of the responses read. */
class HttpExchangeTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nServer: x\r\nDate: Tue, 01 Dec 2026 05:00:00 GMT\r\n"
            + "Content-Length: 13\r\nContent-Type: text/plain\r\n\r\nHello, World!";

    private final Exchange exchange = exchange(1);

    private static Exchange exchange(int pipeline) {
        return HttpExchange.factory(new InetSocketAddress("127.0.0.1", 8080), pipeline)
                .create(0, new SplittableRandom(1));
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void writesPipelineRequestsAtOnceWithTheHostAndAsksForAsManyResponses() {
        Exchange pipelined = exchange(3);

        String request = StandardCharsets.US_ASCII.decode(pipelined.request()).toString();

        assertThat(request).isEqualTo("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n".repeat(3));
        assertThat(pipelined.responses()).isEqualTo(3);
        assertThat(pipelined.request().remaining()).as("again, from its start").isEqualTo(request.length());
    }

    @Test
    void readsTheCompleteResponsesUpToTheNumberWantedAndLeavesTheRest() throws IOException {
        ByteBuffer in = bytes(OK + OK + OK.substring(0, 40));

        assertThat(exchange.read(in, 1)).isEqualTo(1);
        assertThat(exchange.read(in, 5)).isEqualTo(1);
        assertThat(in.position()).isEqualTo(2 * OK.length());
        assertThat(exchange.read(in, 5)).as("a response not yet complete").isZero();
        assertThat(in.position()).isEqualTo(2 * OK.length());
    }

    @Test
    void aBodyNotYetCompleteIsReadLater() throws IOException {
        assertThat(exchange.read(bytes(OK.substring(0, OK.length() - 1)), 1)).isZero();
        assertThat(exchange.read(bytes(OK), 1)).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "HTTP/1.1 404 Not Found\\r\\nContent-Length: 0\\r\\n\\r\\n| expected 'HTTP/1.1 200 OK' in answer to GET /plaintext,"
                + " got 'HTTP/1.1 404 Not Found\\r\\n'",
        "HTTP/1.0 2| expected 'HTTP/1.1 200 OK' in answer to GET /plaintext, got 'HTTP/1.0 2'",
        "HTTP/1.1 200 OK\\r\\nContent-Length: 14\\r\\n\\r\\nHello, World!!| expected 'Content-Length: 13' in answer to"
                + " GET /plaintext, got 'Content-Length: 14\\r\\n'",
        "HTTP/1.1 200 OK\\r\\nServer: x\\r\\n\\r\\n| expected 'Content-Length: 13' in answer to GET /plaintext, got a"
                + " response without Content-Length",
        "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nd\\r\\nHello, World!\\r\\n0\\r\\n\\r\\n| expected a body of"
                + " Content-Length in answer to GET /plaintext, got 'Transfer-Encoding: chunked\\r\\n'",
        "HTTP/1.1 200 OK\\r\\nContent-Length: 13\\r\\nConnection: close\\r\\n\\r\\nHello, World!| expected the connection"
                + " kept alive in answer to GET /plaintext, got 'Connection: close\\r\\n'",
        "HTTP/1.1 200 OK\\r\\nno colon\\r\\n\\r\\n| expected a header field 'name: value' in answer to GET /plaintext,"
                + " got 'no colon\\r\\n'",
        "HTTP/1.1 200 OK\\r\\nContent-Length: 13\\r\\n\\r\\nHello, world?| expected the body 'Hello, World!' in answer to"
                + " GET /plaintext, got 'Hello, world?'"})
    void aWrongOrMalformedResponseFailsNamingWhatWasExpectedAndWhatCame(String response, String message) {
        assertThatThrownBy(() -> exchange.read(bytes(response.replace("\\r\\n", "\r\n")), 1))
                .isInstanceOf(IOException.class)
                .hasMessage(message.strip());
    }
}
