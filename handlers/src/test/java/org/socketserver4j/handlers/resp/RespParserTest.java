package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketserver4j.handlers.resp.Resp.bytes;
import static org.socketserver4j.handlers.resp.Resp.command;
import static org.socketserver4j.handlers.resp.Resp.concat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RESP parser on every encoding a client may use, fed whole, split at every byte
 * boundary, split at every pair of boundaries and one byte at a time; and on every protocol
 * error, which must come out the same however the bytes are split.
 */
class RespParserTest {

    private static final RespLimits SMALL = new RespLimits(16, 4, 32, 64);

    // ---- commands

    static Stream<Arguments> encodings() {
        return Stream.of(
                encoding("array", command("PING"), List.of("PING")),
                encoding("array of three", command("SET", "key", "value"), List.of("SET", "key", "value")),
                encoding("binary bulk with CR, LF and NUL inside",
                        command("SET", "k", "a\r\nb\u0000\r"), List.of("SET", "k", "a\r\nb\u0000\r")),
                encoding("empty bulk", command("ECHO", ""), List.of("ECHO", "")),
                encoding("bulk of bytes above 0x7f", command("ECHO", "\u00ff\u0080"), List.of("ECHO", "\u00ff\u0080")),
                encoding("inline with CRLF", bytes("PING\r\n"), List.of("PING")),
                encoding("inline with LF only", bytes("GET key\n"), List.of("GET", "key")),
                encoding("inline with spaces and tabs", bytes("  SET \t k   v  \r\n"), List.of("SET", "k", "v")),
                encoding("inline double quotes and escapes",
                        bytes("ECHO \"a b\\n\\t\\x41\\\"\\\\\"\r\n"), List.of("ECHO", "a b\n\tA\"\\")),
                encoding("inline single quotes", bytes("ECHO 'it\\'s \"x\"'\r\n"), List.of("ECHO", "it's \"x\"")),
                encoding("inline empty quoted argument", bytes("ECHO \"\"\r\n"), List.of("ECHO", "")),
                encoding("inline quote inside a word", bytes("ECHO ab\"c d\"\r\n"), List.of("ECHO", "abc d")),
                encoding("blank lines and empty arrays are skipped",
                        concat(bytes("\r\n\n*0\r\n*-1\r\n"), command("PING")), List.of("PING")),
                encoding("pipeline of both kinds",
                        concat(command("SET", "a", "1"), bytes("INCR a\r\n"), command("GET", "a"), bytes("PING\n")),
                        List.of("SET", "a", "1"), List.of("INCR", "a"), List.of("GET", "a"), List.of("PING")),
                encoding("lowercase and an upper bound count", command("get", "k"), List.of("get", "k")));
    }

    @SafeVarargs
    private static Arguments encoding(String name, byte[] input, List<String>... expected) {
        return Arguments.of(name, input, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void parsesWhole(String name, byte[] input, List<List<String>> expected) {
        RespParser parser = new RespParser();
        parser.feed(input);
        assertThat(drain(parser)).isEqualTo(expected);
        assertThat(parser.bufferedBytes()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void parsesTheSameSplitAtEveryByteBoundary(String name, byte[] input, List<List<String>> expected) {
        for (int cut = 0; cut <= input.length; cut++) {
            RespParser parser = new RespParser();
            List<List<String>> got = new ArrayList<>();
            parser.feed(Arrays.copyOfRange(input, 0, cut));
            got.addAll(drain(parser));
            parser.feed(ByteBuffer.wrap(input, cut, input.length - cut));
            got.addAll(drain(parser));
            assertThat(got).as("split at %d", cut).isEqualTo(expected);
            assertThat(parser.bufferedBytes()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void parsesTheSameSplitAtEveryPairOfBoundaries(String name, byte[] input, List<List<String>> expected) {
        for (int first = 0; first <= input.length; first++) {
            for (int second = first; second <= input.length; second++) {
                RespParser parser = new RespParser();
                List<List<String>> got = new ArrayList<>();
                for (byte[] part : List.of(Arrays.copyOfRange(input, 0, first),
                        Arrays.copyOfRange(input, first, second),
                        Arrays.copyOfRange(input, second, input.length))) {
                    parser.feed(part);
                    got.addAll(drain(parser));
                }
                assertThat(got).as("split at %d and %d", first, second).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void parsesTheSameFedOneByteAtATime(String name, byte[] input, List<List<String>> expected) {
        RespParser parser = new RespParser();
        List<List<String>> got = new ArrayList<>();
        for (byte b : input) {
            parser.feed(new byte[] {b});
            got.addAll(drain(parser));
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void aBulkLargerThanOneStepGrowsToItsLengthWhateverTheChunks() {
        byte[] value = new byte[200_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        byte[] input = command(List.of(bytes("SET"), bytes("k"), value));
        for (int chunk : new int[] {1, 7, 4096, 65536, input.length}) {
            RespParser parser = new RespParser();
            List<ParseResult> results = new ArrayList<>();
            for (int at = 0; at < input.length; at += chunk) {
                parser.feed(input, at, Math.min(chunk, input.length - at));
                assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(parser.maxBufferedBytes() + chunk);
                ParseResult result;
                while (!((result = parser.next()) instanceof ParseResult.NeedMore)) {
                    results.add(result);
                }
                assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(input.length);
            }
            assertThat(results).singleElement().isInstanceOfSatisfying(ParseResult.Command.class,
                    c -> assertThat(c.argument(2)).isEqualTo(value));
        }
    }

    @Test
    void aDeclaredBulkIsNotAllocatedBeforeItsBytesArrive() {
        RespParser parser = new RespParser();
        parser.feed(bytes("*2\r\n$3\r\nSET\r\n$8000000\r\n"));
        assertThat(parser.next()).isEqualTo(ParseResult.NEED_MORE);
        assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(3 + 64 * 1024);
    }

    @Test
    void anInlineLineOfTheMaximumLengthTricklingInByteByByteParses() {
        RespParser parser = new RespParser();
        String word = "w".repeat(RespLimits.DEFAULT_MAX_INLINE_LENGTH - 5);
        byte[] line = bytes("ECHO " + word + "\r\nPING\r\n");
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < line.length; i++) {
            parser.feed(line, i, 1);
            commands.addAll(drain(parser));
        }
        assertThat(commands).containsExactly(List.of("ECHO", word), List.of("PING"));
        parser.feed(bytes("x".repeat(RespLimits.DEFAULT_MAX_INLINE_LENGTH + 1)));
        assertThat(parser.next()).isEqualTo(new ParseResult.ProtocolError("ERR Protocol error: too big inline request"));
    }

    @Test
    void commandsComeOutInOrderAndTheBufferEmpties() {
        RespParser parser = new RespParser();
        byte[] one = command("INCR", "n");
        byte[] many = new byte[one.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(one, 0, many, i * one.length, one.length);
        }
        parser.feed(many);
        assertThat(drain(parser)).hasSize(1000).allMatch(c -> c.equals(List.of("INCR", "n")));
        assertThat(parser.bufferedBytes()).isZero();
    }

    @Test
    void limitsAreInclusive() {
        RespParser parser = new RespParser(SMALL);
        parser.feed(command("A", "0123456789abcdef", "c", "d"));
        assertThat(drain(parser)).containsExactly(List.of("A", "0123456789abcdef", "c", "d"));
        parser.feed(bytes("E " + "x".repeat(30) + "\r\n"));
        assertThat(drain(parser)).containsExactly(List.of("E", "x".repeat(30)));
    }

    // ---- protocol errors

    static Stream<Arguments> malformed() {
        return Stream.of(
                error("bad type byte in an array", "*1\r\nx3\r\nfoo\r\n", "expected '$', got 'x'"),
                error("unprintable type byte", "*1\r\n\u0001", "expected '$', got '\\x01'"),
                error("inline where a bulk is expected", "*2\r\n$4\r\nPING\r\nPING\r\n", "expected '$', got 'P'"),
                error("bulk longer than the maximum", "*1\r\n$17\r\n", "invalid bulk length"),
                error("negative bulk length", "*1\r\n$-1\r\n", "invalid bulk length"),
                error("bulk length not a number", "*1\r\n$1x\r\n", "invalid bulk length"),
                error("bulk length with a plus sign", "*1\r\n$+1\r\n", "invalid bulk length"),
                error("bulk length with a leading zero", "*1\r\n$01\r\n", "invalid bulk length"),
                error("empty bulk length", "*1\r\n$\r\n", "invalid bulk length"),
                error("bulk length too long to be a number", "*1\r\n$" + "1".repeat(21), "invalid bulk length"),
                error("more arguments than the maximum", "*5\r\n", "invalid multibulk length"),
                error("array count not a number", "*two\r\n", "invalid multibulk length"),
                error("array count beyond a long", "*99999999999999999999\r\n", "invalid multibulk length"),
                error("array count too long to be a number", "*" + "9".repeat(25), "invalid multibulk length"),
                error("CR without LF after a count", "*1\rX", "expected '\\n' after '\\r' in multibulk length"),
                error("CR without LF after a length", "*1\r\n$1\rX", "expected '\\n' after '\\r' in bulk length"),
                error("bulk longer than declared", "*1\r\n$3\r\nfooo\r\n", "expected '\\r\\n' after a bulk string of 3 bytes"),
                error("CR then no LF after a bulk", "*1\r\n$3\r\nfoo\rX", "expected '\\r\\n' after a bulk string of 3 bytes"),
                error("command larger than the maximum", "*4\r\n$16\r\n0123456789abcdef\r\n$16\r\n0123456789abcdef\r\n$16\r\n",
                        "command larger than 64 bytes"),
                error("inline longer than the maximum, no newline yet", "GET " + "k".repeat(40), "too big inline request"),
                error("inline longer than the maximum, newline present", "GET " + "k".repeat(40) + "\r\n", "too big inline request"),
                error("unbalanced double quote", "ECHO \"abc\r\n", "unbalanced quotes in request"),
                error("unbalanced single quote", "ECHO 'abc\r\n", "unbalanced quotes in request"),
                error("closing quote not followed by a space", "ECHO \"a\"b\r\n", "unbalanced quotes in request"),
                error("a good command first, then garbage", new String(command("PING"), java.nio.charset.StandardCharsets.ISO_8859_1)
                        + "*1\r\n?", "expected '$', got '?'", List.of("PING")));
    }

    @SafeVarargs
    private static Arguments error(String name, String input, String message, List<String>... before) {
        return Arguments.of(name, bytes(input), "ERR Protocol error: " + message, List.of(before));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void answersTheProtocolErrorHoweverTheInputIsSplit(String name, byte[] input, String message,
            List<List<String>> commandsBefore) {
        for (int cut = 0; cut <= input.length; cut++) {
            RespParser parser = new RespParser(SMALL);
            List<List<String>> commands = new ArrayList<>();
            parser.feed(Arrays.copyOfRange(input, 0, cut));
            ParseResult last = drainUntilStuck(parser, commands);
            if (last instanceof ParseResult.NeedMore) {
                parser.feed(Arrays.copyOfRange(input, cut, input.length));
                last = drainUntilStuck(parser, commands);
            }
            assertThat(commands).as("split at %d", cut).isEqualTo(commandsBefore);
            assertThat(last).as("split at %d", cut).isEqualTo(new ParseResult.ProtocolError(message));
            assertThat(parser.failed()).isTrue();
            assertThat(parser.bufferedBytes()).isZero();
        }
    }

    @Test
    void afterAnErrorTheParserAnswersItForEverAndDropsInput() {
        RespParser parser = new RespParser(SMALL);
        parser.feed(bytes("*1\r\n!"));
        ParseResult error = parser.next();
        assertThat(error).isInstanceOf(ParseResult.ProtocolError.class);
        parser.feed(command("PING"));
        parser.feed(ByteBuffer.wrap(command("PING")));
        assertThat(parser.next()).isSameAs(error);
        assertThat(parser.bufferedBytes()).isZero();
    }

    @Test
    void limitsMustFitInACommand() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new RespLimits(100, 1, 10, 50));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new RespLimits(0, 1, 10, 50));
        assertThat(RespLimits.defaults().withMaxBulkLength(128 * 1024 * 1024).maxCommandBytes())
                .isEqualTo(128L * 1024 * 1024);
        assertThat(RespLimits.defaults().withMaxCommandBytes(1000).maxBulkLength()).isEqualTo(1000);
    }

    // ---- helpers

    /** Every command until NEED_MORE, as text; fails on a protocol error. */
    static List<List<String>> drain(RespParser parser) {
        List<List<String>> commands = new ArrayList<>();
        ParseResult last = drainUntilStuck(parser, commands);
        assertThat(last).isEqualTo(ParseResult.NEED_MORE);
        return commands;
    }

    private static ParseResult drainUntilStuck(RespParser parser, List<List<String>> commands) {
        while (true) {
            ParseResult result = parser.next();
            if (result instanceof ParseResult.Command command) {
                commands.add(Resp.texts(command.arguments()));
            } else {
                return result;
            }
        }
    }
}
