package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RESP: the PING, SET, GET cycle of a connection and the check of each reply. */
class RespExchangeTest {

    private final Exchange.Factory factory = RespExchange.factory();
    private final Exchange exchange = factory.create(3, new SplittableRandom(1));

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cyclesPingSetAndGetOfItsOwnKeyWithAValueThatChangesAtEverySet() throws IOException {
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(text(exchange.request()));
            String reply = switch (i % 3) {
                case 0 -> "+PONG\r\n";
                case 1 -> "+OK\r\n";
                default -> "$" + ("3:" + (i / 3 + 1)).length() + "\r\n3:" + (i / 3 + 1) + "\r\n";
            };
            assertThat(exchange.responses()).isEqualTo(1);
            assertThat(exchange.read(bytes(reply), 1)).as(reply).isEqualTo(1);
        }

        String key = requests.get(1).split("\r\n")[4];
        assertThat(key).startsWith("socketserver4j:load:").endsWith(":3");
        assertThat(requests).containsExactly("*1\r\n$4\r\nPING\r\n",
                "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$3\r\n3:1\r\n",
                "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n",
                "*1\r\n$4\r\nPING\r\n",
                "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$3\r\n3:2\r\n",
                "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n");
        assertThat(text(factory.create(4, new SplittableRandom(1)).request())).as("another connection's PING")
                .isEqualTo("*1\r\n$4\r\nPING\r\n");
    }

    @Test
    void aReplyNotYetCompleteIsReadLater() throws IOException {
        exchange.request();

        ByteBuffer partial = bytes("+PO");
        assertThat(exchange.read(partial, 1)).isZero();
        assertThat(partial.position()).isZero();
        assertThat(exchange.read(bytes("+PONG\r\n"), 0)).as("none wanted").isZero();
    }

    @Test
    void aWrongReplyFailsNamingTheCommandWhatWasExpectedAndWhatCame() {
        exchange.request();
        assertThatThrownBy(() -> exchange.read(bytes("-ERR unknown command 'PING'\r\n"), 1))
                .isInstanceOf(IOException.class)
                .hasMessage("expected '+PONG\\r\\n' in answer to PING, got '-ERR unknown command \\'PING\\'\\r\\n'");
    }

    @Test
    void aGetOfAnotherValueFails() throws IOException {
        exchange.request();
        exchange.read(bytes("+PONG\r\n"), 1);
        exchange.request();
        exchange.read(bytes("+OK\r\n"), 1);
        String get = text(exchange.request());
        String key = get.split("\r\n")[4];

        assertThatThrownBy(() -> exchange.read(bytes("$3\r\n3:0\r\n"), 1))
                .isInstanceOf(IOException.class)
                .hasMessage("expected '$3\\r\\n3:1\\r\\n' in answer to GET " + key + ", got '$3\\r\\n3:0\\r\\n'");
        assertThatThrownBy(() -> exchange.read(bytes("$-1\r\n"), 1))
                .isInstanceOf(IOException.class)
                .hasMessage("expected '$3\\r\\n3:1\\r\\n' in answer to GET " + key + ", got '$-1\\r\\n'");
    }
}
