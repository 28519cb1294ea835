package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import org.socketserver4j.core.testing.FakeConnection;

/**
 * Properties of the RESP parser, and of the handler around it, over random and malformed
 * input split into random chunks: the parser answers NEED_MORE, a command or a protocol error
 * and never throws; it never holds more than its limits allow plus the chunk being fed; an
 * error is for ever; valid input parses back to what was encoded, and a corruption cannot
 * change the commands before it. The handler never throws and only writes well-formed RESP.
 */
class RespParserProperties {

    /** Small limits, so that random input runs into every one of them. */
    private static final RespLimits SMALL = new RespLimits(16, 4, 32, 64);

    // ---- generators

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> token = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("*", "$", "\r\n", "\r", "\n", " ", "\t", "\"", "'", "\\",
                        "\\x4", "\\x41", "-", "+", ":", "0").map(Resp::bytes)),
                Tuple.of(4, Arbitraries.integers().between(-3, 80).map(i -> bytes(Integer.toString(i)))),
                Tuple.of(4, Arbitraries.integers().between(-2, 20).map(i -> bytes("$" + i + "\r\n"))),
                Tuple.of(2, Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(8).map(Resp::bytes)),
                Tuple.of(2, Arbitraries.bytes().map(b -> new byte[] {b})),
                Tuple.of(2, command().map(Resp::command)),
                Tuple.of(1, Arbitraries.of("PING", "QUIT", "SET k v", "GET k", "INCR n", "ECHO \"a b\"")
                        .map(line -> bytes(line + "\r\n"))),
                Tuple.of(1, Arbitraries.longs().map(l -> bytes(Long.toString(l)))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(100)));
        // half the inputs start as an array, so the bulk paths get as much noise as inline ones
        Arbitrary<byte[]> start = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(1, Arbitraries.integers().between(-1, 6).map(i -> bytes("*" + i + "\r\n"))));
        return Combinators.combine(start, token.list().ofMaxSize(40))
                .as((first, rest) -> {
                    List<byte[]> parts = new ArrayList<>();
                    parts.add(first);
                    parts.addAll(rest);
                    return join(parts);
                });
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 48).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<byte[]>> command() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(12).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<List<byte[]>>> commands() {
        return command().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<String>> words() {
        return Arbitraries.strings().withCharRange('!', '~').excludeChars('"', '\'', '*').ofMinLength(1)
                .ofMaxLength(10).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Corruption> corruption() {
        return Combinators.combine(Arbitraries.of(Corruption.Kind.values()),
                Arbitraries.doubles().between(0, 1), Arbitraries.bytes())
                .as(Corruption::new);
    }

    // ---- parser

    @Property(tries = 2000)
    void randomInputGivesNeedMoreACommandOrAnErrorWithinTheLimits(@ForAll("noise") byte[] input,
            @ForAll("chunkSizes") List<Integer> chunks) {
        List<ParseResult> results = feedAndCheck(new RespParser(SMALL), input, chunks);
        boolean commands = results.stream().anyMatch(ParseResult.Command.class::isInstance);
        String ending = results.isEmpty() || !(results.get(results.size() - 1) instanceof ParseResult.ProtocolError error)
                ? "need more" : error.message().replaceAll("'[^']*'", "'?'").replaceAll("[0-9]+", "N");
        Statistics.label("ending").collect(ending);
        Statistics.label("commands").collect(commands);
        Statistics.label("ending").coverage(coverage -> {
            coverage.check("need more").percentage(p -> p > 5);
            coverage.checkQuery(e -> !e.equals("need more")).percentage(p -> p > 30);
        });
        Statistics.label("commands").coverage(coverage -> coverage.check(true).percentage(p -> p > 15));
    }

    @Property(tries = 500)
    void randomInputWithDefaultLimitsToo(@ForAll("noise") byte[] input,
            @ForAll("chunkSizes") List<Integer> chunks) {
        feedAndCheck(new RespParser(), input, chunks);
    }

    @Property(tries = 1000)
    void arraysOfBulkStringsParseBackToWhatWasEncoded(@ForAll("commands") List<List<byte[]>> commands,
            @ForAll("chunkSizes") List<Integer> chunks) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        commands.forEach(c -> stream.writeBytes(Resp.command(c)));
        List<ParseResult> results = feedAndCheck(new RespParser(), stream.toByteArray(), chunks);
        assertThat(results).hasSize(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            assertThat(((ParseResult.Command) results.get(i)).arguments())
                    .as("command %d", i).containsExactlyElementsOf(commands.get(i));
        }
    }

    @Property(tries = 500)
    void inlineWordsParseBackToTheWords(@ForAll("words") List<String> words,
            @ForAll("chunkSizes") List<Integer> chunks) {
        byte[] line = bytes(String.join(" ", words) + "\r\n");
        List<ParseResult> results = feedAndCheck(new RespParser(), line, chunks);
        assertThat(results).singleElement().isInstanceOfSatisfying(ParseResult.Command.class,
                c -> assertThat(Resp.texts(c.arguments())).isEqualTo(words));
    }

    @Property(tries = 500)
    void quotedInlineArgumentsCarryAnyBytes(@ForAll("command") List<byte[]> arguments,
            @ForAll("chunkSizes") List<Integer> chunks) {
        StringBuilder line = new StringBuilder();
        for (byte[] argument : arguments) {
            line.append('"');
            for (byte b : argument) {
                line.append(String.format("\\x%02x", b & 0xff));
            }
            line.append("\" ");
        }
        List<ParseResult> results = feedAndCheck(new RespParser(), bytes(line + "\n"), chunks);
        assertThat(results).singleElement().isInstanceOfSatisfying(ParseResult.Command.class,
                c -> assertThat(c.arguments()).containsExactlyElementsOf(arguments));
    }

    @Property(tries = 1000)
    void aCorruptionNeverChangesTheCommandsBeforeIt(@ForAll("commands") List<List<byte[]>> commands,
            @ForAll("corruption") Corruption corruption, @ForAll("chunkSizes") List<Integer> chunks) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Integer> ends = new ArrayList<>();
        for (List<byte[]> command : commands) {
            stream.writeBytes(Resp.command(command));
            ends.add(stream.size());
        }
        byte[] valid = stream.toByteArray();
        int at = (int) (corruption.where() * valid.length);
        byte[] corrupted = corruption.apply(valid, at);
        List<ParseResult> results = feedAndCheck(new RespParser(SMALL.withMaxBulkLength(64)
                .withMaxCommandBytes(1024)), corrupted, chunks);
        int intact = (int) ends.stream().filter(end -> end <= at).count();
        assertThat(results.size()).as("commands before the corruption all parsed").isGreaterThanOrEqualTo(intact);
        for (int i = 0; i < intact; i++) {
            List<byte[]> expected = commands.get(i);
            assertThat(results.get(i)).isInstanceOfSatisfying(ParseResult.Command.class,
                    c -> assertThat(c.arguments()).containsExactlyElementsOf(expected));
        }
    }

    // ---- the handler around it

    @Property(tries = 1000)
    void theHandlerNeverThrowsAndWritesOnlyWellFormedReplies(@ForAll("noise") byte[] input,
            @ForAll("chunkSizes") List<Integer> chunks) {
        FakeConnection connection = new FakeConnection();
        RespHandler handler = new RespHandler(new RespStore(), SMALL);
        int at = 0;
        for (int i = 0; at < input.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), input.length - at);
            ByteBuffer chunk = ByteBuffer.allocateDirect(n); // no backing array, as a reactor's
            chunk.put(input, at, n).flip();
            handler.onData(connection, chunk);
            assertThat(chunk.hasRemaining()).isFalse();
            at += n;
        }
        List<Object> replies = ReplyReader.readAll(connection.output());
        if (!connection.isOpen()) {
            assertThat(replies).last().satisfiesAnyOf(
                    last -> assertThat(last).isEqualTo(new ReplyReader.Simple("OK")),
                    last -> assertThat(last).isInstanceOfSatisfying(ReplyReader.Error.class,
                            e -> assertThat(e.message()).startsWith("ERR Protocol error: ")));
        }
    }

    @Property(tries = 300)
    void underBackPressureTheHandlerStillAnswersEveryCommandInOrder(
            @ForAll("commands") List<List<byte[]>> commands, @ForAll("chunkSizes") List<Integer> chunks) {
        FakeConnection connection = new FakeConnection(8);
        RespHandler handler = new RespHandler(new RespStore(), RespLimits.defaults());
        List<byte[]> echoes = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (List<byte[]> command : commands) {
            List<byte[]> echo = new ArrayList<>();
            echo.add(bytes("ECHO"));
            echo.add(command.get(0));
            stream.writeBytes(Resp.command(echo));
            echoes.add(command.get(0));
        }
        byte[] input = stream.toByteArray();
        int at = 0;
        for (int i = 0; at < input.length || connection.readingPaused(); i++) {
            if (connection.readingPaused()) {
                connection.clientReads();
                handler.onWritabilityChanged(connection, true);
                continue;
            }
            int n = Math.min(chunks.get(i % chunks.size()), input.length - at);
            handler.onData(connection, ByteBuffer.wrap(input, at, n));
            at += n;
        }
        List<Object> replies = ReplyReader.readAll(connection.output());
        assertThat(replies).hasSize(echoes.size());
        for (int i = 0; i < echoes.size(); i++) {
            assertThat((byte[]) replies.get(i)).isEqualTo(echoes.get(i));
        }
    }

    // ---- helpers

    /**
     * Feeds {@code input} in chunks of the given sizes (cycling), checking the parser's
     * invariants after every call, and returns every result other than NEED_MORE.
     */
    private static List<ParseResult> feedAndCheck(RespParser parser, byte[] input, List<Integer> chunks) {
        RespLimits limits = parser.limits();
        List<ParseResult> results = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < input.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), input.length - at);
            parser.feed(input, at, n);
            at += n;
            assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(parser.maxBufferedBytes() + n);
            while (true) {
                ParseResult result = parser.next();
                assertThat(result).isNotNull();
                if (result instanceof ParseResult.NeedMore) {
                    assertThat(parser.failed()).isFalse();
                    assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(parser.maxBufferedBytes());
                    break;
                }
                results.add(result);
                if (result instanceof ParseResult.ProtocolError error) {
                    assertThat(error.message()).startsWith("ERR Protocol error: ");
                    assertThat(parser.failed()).isTrue();
                    assertThat(parser.next()).isEqualTo(error);
                    assertThat(parser.bufferedBytes()).isZero();
                    return results;
                }
                ParseResult.Command command = (ParseResult.Command) result;
                assertThat(command.argc()).isPositive();
                long total = 0;
                for (byte[] argument : command.arguments()) {
                    assertThat(argument.length).isLessThanOrEqualTo(
                            Math.max(limits.maxBulkLength(), limits.maxInlineLength()));
                    total += argument.length;
                }
                assertThat(total).isLessThanOrEqualTo(limits.maxCommandBytes());
            }
        }
        return results;
    }

    private static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** One change to a valid stream: at a fraction of its length, a byte replaced, added or cut. */
    record Corruption(Kind kind, double where, byte value) {
        enum Kind { REPLACE, INSERT, DELETE, TRUNCATE }

        byte[] apply(byte[] valid, int at) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(valid, 0, at);
            switch (kind) {
                case REPLACE -> {
                    out.write(at < valid.length && valid[at] == value ? value + 1 : value);
                    out.write(valid, Math.min(at + 1, valid.length), Math.max(0, valid.length - at - 1));
                }
                case INSERT -> {
                    out.write(value);
                    out.write(valid, at, valid.length - at);
                }
                case DELETE -> out.write(valid, Math.min(at + 1, valid.length), Math.max(0, valid.length - at - 1));
                case TRUNCATE -> { }
            }
            return out.toByteArray();
        }
    }
}
