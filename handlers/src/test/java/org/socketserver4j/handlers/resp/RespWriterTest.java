package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import org.junit.jupiter.api.Test;
import org.socketserver4j.core.testing.FakeConnection;

/** The reply encoder. */
class RespWriterTest {

    @Test
    void encodesEveryReplyType() {
        RespWriter out = new RespWriter()
                .simpleString("OK").error("ERR bad").integer(0).integer(-42).integer(Long.MIN_VALUE)
                .integer(Long.MAX_VALUE).bulkString(bytes("a\r\nb")).bulkString((byte[]) null)
                .bulkString("é").nullBulkString().arrayHeader(2).integer(1).bulkString(new byte[0]).nullArray();
        assertThat(Resp.text(out.toByteArray())).isEqualTo("+OK\r\n-ERR bad\r\n:0\r\n:-42\r\n"
                + ":-9223372036854775808\r\n:9223372036854775807\r\n$4\r\na\r\nb\r\n$-1\r\n$2\r\n\u00c3\u00a9\r\n"
                + "$-1\r\n*2\r\n:1\r\n$0\r\n\r\n*-1\r\n");
    }

    @Test
    void lineRepliesCannotBreakTheFraming() {
        RespWriter out = new RespWriter().error("ERR a\r\nb").simpleString("x\ny");
        assertThat(Resp.text(out.toByteArray())).isEqualTo("-ERR a  b\r\n+x y\r\n");
    }

    @Test
    void growsForLargeRepliesAndWritesOnceThenClears() {
        byte[] big = new byte[1 << 20];
        RespWriter out = new RespWriter().bulkString(big).bulkString(big);
        assertThat(out.size()).isEqualTo(2 * ((1 << 20) + 12));
        FakeConnection connection = new FakeConnection();
        out.writeTo(connection);
        assertThat(connection.writes()).isEqualTo(1);
        assertThat(connection.output()).hasSize(2 * ((1 << 20) + 12));
        assertThat(out.isEmpty()).isTrue();
        out.writeTo(connection);
        assertThat(connection.writes()).isEqualTo(1);
    }
}
