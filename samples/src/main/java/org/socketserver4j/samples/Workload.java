package org.socketserver4j.samples;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What {@code compare} measures of each server: {@code --workloads}. Every workload gets a
 * table of its own in the report.
 */
public enum Workload {
    /** Closed-loop echo of {@code --message-size} bytes on {@code --connections}: requests/s and CPU/request. */
    ECHO("echo"),
    /**
     * Closed-loop echo of {@code --large-size} bytes on {@code --large-connections}, every reply
     * checked byte for byte: MB/s and CPU/MB.
     */
    LARGE("large"),
    /** {@code --held} idle connections, each after one echo: the server's RSS, threads and heap. */
    HELD("held"),
    /**
     * {@code --chat-lines} lines of 1,000 bytes into a {@code ChatHandler} room with a member
     * that reads and one that never does: whether every line arrives, the sender never stalls and
     * the non-reader is disconnected.
     */
    CHAT_FLOOD("chat-flood"),
    /**
     * {@code --udp-senders} UDP sockets, each with {@code --udp-window} datagrams of
     * {@code --message-size} bytes outstanding, every reply matched to its request: datagrams/s,
     * CPU/datagram and datagrams lost.
     */
    UDP_ECHO("udp-echo"),
    /**
     * Closed-loop echo of {@code --tls-echo-size} bytes over TLS on {@code --tls-echo-connections},
     * a JDK {@code SSLSocket} and thread per connection, every reply checked byte for byte:
     * requests/s, MB/s and CPU/request ({@link TlsReport}).
     */
    TLS_ECHO("tls-echo"),
    /**
     * HTTP/1.1 {@code GET /plaintext} over TLS from {@code wrk} on {@code --tls-http-connections}
     * keep-alive connections, served by {@code HttpHandler} (event style) and Netty's
     * {@code HttpServerCodec}: requests/s and CPU/request ({@link TlsReport}).
     */
    TLS_HTTP("tls-http"),
    /**
     * Closed-loop HTTP/1.1 keep-alive {@code GET /plaintext} on {@code --connections}, one request
     * in flight per connection, every response's status line, {@code Content-Length} and body
     * checked; {@code serve --handler=http} and Netty's {@code HttpServerCodec}: requests/s and
     * CPU/request.
     */
    HTTP("http"),
    /**
     * As {@link #HTTP} with {@code --pipeline} requests written at once per connection and as
     * many responses checked before the next batch.
     */
    HTTP_PIPELINED("http-pipelined"),
    /**
     * Closed-loop RESP (the Redis protocol) on {@code --connections}: each connection cycles
     * {@code PING}, {@code SET} and {@code GET} of a key of its own, every reply checked;
     * {@code serve --handler=resp} and netty-codec-redis with an in-memory store.
     */
    RESP("resp"),
    /**
     * {@code --scale-busy} connections of closed-loop echo, measured alone and beside
     * {@code --held} idle connections: requests/s, CPU/request and p99 both ways, and the server's
     * RSS, threads and heap ({@link ScaleReport}); with {@code --selectors=epoll,poll} the
     * reactors on each.
     */
    SCALE("scale"),
    /**
     * A new connection per request: {@code --churn-connections} clients each connect, send one
     * {@code --message-size} echo request, check the reply and close, again and again:
     * connections/s, latency and CPU/connection ({@link ChurnReport}).
     */
    CHURN("churn");

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    /** The name on the command line, e.g. {@code large}. */
    @Override
    public String toString() {
        return label;
    }

    /** Reads a workload by its name, case-insensitively, for picocli. */
    public static final class Converter implements ITypeConverter<Workload> {

        /** Makes the converter. */
        public Converter() {}

        /**
         * Parses {@code value}.
         *
         * @throws TypeConversionException when it names no workload
         */
        @Override
        public Workload convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(workload -> workload.label.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException("expected one of "
                            + Arrays.stream(values()).map(Workload::toString).collect(Collectors.joining(", "))
                            + " but was '" + value + "'"));
        }
    }
}
