package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every command's replies, byte for byte, including Redis's error texts. */
class RespCommandsTest {

    private final AtomicLong now = new AtomicLong(50_000);
    private final RespStore store = new RespStore(now::get);
    private final RespCommands commands = new RespCommands(store, RespLimits.defaults());

    /** Runs one command and returns its reply as text. */
    private String run(String... arguments) {
        RespWriter out = new RespWriter();
        List<byte[]> list = new ArrayList<>();
        for (String argument : arguments) {
            list.add(bytes(argument));
        }
        assertThat(commands.execute(list, out)).isEqualTo(RespCommands.Outcome.CONTINUE);
        return Resp.text(out.toByteArray());
    }

    @Test
    void pingAndEcho() {
        assertThat(run("PING")).isEqualTo("+PONG\r\n");
        assertThat(run("ping", "hello world")).isEqualTo("$11\r\nhello world\r\n");
        assertThat(run("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        assertThat(run("ECHO", "")).isEqualTo("$0\r\n\r\n");
        assertThat(run("EcHo", "a\r\nb")).isEqualTo("$4\r\na\r\nb\r\n");
    }

    @Test
    void setAndGet() {
        assertThat(run("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(run("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(run("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(run("SET", "k", "v2", "NX")).isEqualTo("$-1\r\n");
        assertThat(run("SET", "other", "v", "xx")).isEqualTo("$-1\r\n");
        assertThat(run("SET", "k", "v3", "XX")).isEqualTo("+OK\r\n");
        assertThat(run("SET", "new", "v", "nx")).isEqualTo("+OK\r\n");
        assertThat(run("GET", "k")).isEqualTo("$2\r\nv3\r\n");
    }

    @Test
    void setWithExpiry() {
        assertThat(run("SET", "s", "v", "EX", "10")).isEqualTo("+OK\r\n");
        assertThat(run("TTL", "s")).isEqualTo(":10\r\n");
        assertThat(run("PTTL", "s")).isEqualTo(":10000\r\n");
        assertThat(run("SET", "p", "v", "px", "1500", "NX")).isEqualTo("+OK\r\n");
        assertThat(run("TTL", "p")).isEqualTo(":2\r\n"); // rounded, as Redis does
        now.addAndGet(1001);
        assertThat(run("TTL", "p")).isEqualTo(":0\r\n");
        assertThat(run("SET", "s", "w", "KEEPTTL")).isEqualTo("+OK\r\n");
        assertThat(run("PTTL", "s")).isEqualTo(":8999\r\n");
        now.addAndGet(500);
        assertThat(run("GET", "p")).isEqualTo("$-1\r\n");
        assertThat(run("SET", "s", "v")).isEqualTo("+OK\r\n");
        assertThat(run("TTL", "s")).isEqualTo(":-1\r\n");
    }

    @ParameterizedTest(name = "SET {0}")
    @CsvSource(delimiter = '|', value = {
            "NX XX        | -ERR syntax error",
            "XX NX        | -ERR syntax error",
            "EX 10 PX 10  | -ERR syntax error",
            "EX 10 EX 10  | -ERR syntax error",
            "EX 10 KEEPTTL| -ERR syntax error",
            "KEEPTTL PX 5 | -ERR syntax error",
            "EX           | -ERR syntax error",
            "GETX         | -ERR syntax error",
            "EX ten       | -ERR value is not an integer or out of range",
            "EX 0         | -ERR invalid expire time in 'set' command",
            "PX -1        | -ERR invalid expire time in 'set' command",
            "EX 9223372036854775 | -ERR invalid expire time in 'set' command",
            "PX 9223372036854775807 | -ERR invalid expire time in 'set' command",
            "NX NX        | +OK",
    })
    void setOptionsAreCheckedAsRedisChecksThem(String options, String reply) {
        List<String> arguments = new ArrayList<>(List.of("SET", "k", "v"));
        arguments.addAll(List.of(options.trim().split(" +")));
        assertThat(run(arguments.toArray(String[]::new))).isEqualTo(reply + "\r\n");
    }

    @Test
    void delAndExistsCountKeys() {
        run("MSET", "a", "1", "b", "2");
        assertThat(run("EXISTS", "a", "a", "b", "c")).isEqualTo(":3\r\n");
        assertThat(run("DEL", "a", "c", "a")).isEqualTo(":1\r\n");
        assertThat(run("EXISTS", "a")).isEqualTo(":0\r\n");
        assertThat(run("DEL")).isEqualTo("-ERR wrong number of arguments for 'del' command\r\n");
    }

    @Test
    void incrementsAndDecrements() {
        assertThat(run("INCR", "n")).isEqualTo(":1\r\n");
        assertThat(run("INCRBY", "n", "41")).isEqualTo(":42\r\n");
        assertThat(run("DECR", "n")).isEqualTo(":41\r\n");
        assertThat(run("DECRBY", "n", "-9")).isEqualTo(":50\r\n");
        assertThat(run("INCRBY", "n", "-100")).isEqualTo(":-50\r\n");
        assertThat(run("GET", "n")).isEqualTo("$3\r\n-50\r\n");
        assertThat(run("INCRBY", "n", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        run("SET", "s", "hello");
        assertThat(run("INCR", "s")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        run("SET", "big", "9223372036854775807");
        assertThat(run("INCR", "big")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        assertThat(run("DECRBY", "n", "-9223372036854775808")).isEqualTo("-ERR decrement would overflow\r\n");
        assertThat(run("INCR", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'incr' command\r\n");
    }

    @Test
    void msetAndMget() {
        assertThat(run("MSET", "a", "1", "b", "")).isEqualTo("+OK\r\n");
        assertThat(run("MGET", "a", "missing", "b")).isEqualTo("*3\r\n$1\r\n1\r\n$-1\r\n$0\r\n\r\n");
        assertThat(run("MSET", "a", "1", "b")).isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
        assertThat(run("MSET", "a")).isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
    }

    @Test
    void expireAndTtl() {
        run("SET", "k", "v");
        assertThat(run("TTL", "k")).isEqualTo(":-1\r\n");
        assertThat(run("TTL", "missing")).isEqualTo(":-2\r\n");
        assertThat(run("EXPIRE", "k", "100")).isEqualTo(":1\r\n");
        assertThat(run("TTL", "k")).isEqualTo(":100\r\n");
        assertThat(run("EXPIRE", "missing", "100")).isEqualTo(":0\r\n");
        assertThat(run("EXPIRE", "k", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(run("EXPIRE", "k", "9223372036854775807"))
                .isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(run("EXPIRE", "k", "10", "NX")).isEqualTo("-ERR Unsupported option NX\r\n");
        now.addAndGet(100_001);
        assertThat(run("TTL", "k")).isEqualTo(":-2\r\n");
        run("SET", "k", "v");
        assertThat(run("EXPIRE", "k", "-1")).isEqualTo(":1\r\n");
        assertThat(run("EXISTS", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void dbsizeFlushallAndSelect() {
        run("MSET", "a", "1", "b", "2", "c", "3");
        assertThat(run("DBSIZE")).isEqualTo(":3\r\n");
        assertThat(run("FLUSHALL", "bogus")).isEqualTo("-ERR syntax error\r\n");
        assertThat(run("FLUSHALL")).isEqualTo("+OK\r\n");
        assertThat(run("DBSIZE")).isEqualTo(":0\r\n");
        run("SET", "a", "1");
        assertThat(run("FLUSHDB", "ASYNC")).isEqualTo("+OK\r\n");
        assertThat(run("DBSIZE", "x")).isEqualTo("-ERR wrong number of arguments for 'dbsize' command\r\n");
        assertThat(run("SELECT", "0")).isEqualTo("+OK\r\n");
        assertThat(run("SELECT", "1")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(run("SELECT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void unknownCommandsAndWrongArity() {
        assertThat(run("FOO")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: \r\n");
        assertThat(run("foo", "a", "b c")).isEqualTo(
                "-ERR unknown command 'foo', with args beginning with: 'a' 'b c' \r\n");
        assertThat(run("FOO\r\nBAR", "x\ny")).as("no CR or LF can break the reply")
                .isEqualTo("-ERR unknown command 'FOO  BAR', with args beginning with: 'x y' \r\n");
        String longArg = "x".repeat(300);
        assertThat(run("FOO", longArg, "more")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: '"
                + "x".repeat(127) + "' \r\n");
        assertThat(run("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(run("get", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(run("SET", "k")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
    }

    @Test
    void quitRepliesOkAndAsksToClose() {
        RespWriter out = new RespWriter();
        assertThat(commands.execute(List.of(bytes("quit")), out)).isEqualTo(RespCommands.Outcome.CLOSE);
        assertThat(Resp.text(out.toByteArray())).isEqualTo("+OK\r\n");
    }

    @Test
    void commandIsEnoughForRedisCli() {
        int count = RespCommands.names().size();
        assertThat(RespCommands.names()).contains("ping", "set", "get", "command", "quit");
        assertThat(run("COMMAND", "COUNT")).isEqualTo(":" + count + "\r\n");
        assertThat(run("COMMAND", "DOCS")).isEqualTo("*0\r\n");
        assertThat(run("COMMAND", "docs", "get")).isEqualTo("*0\r\n");
        assertThat(run("COMMAND", "INFO", "get", "nope")).isEqualTo("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n"
                + "*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*0\r\n*0\r\n*0\r\n*0\r\n$-1\r\n");
        List<Object> all = ReplyReader.readAll(bytes(run("COMMAND")));
        assertThat(all).singleElement().asList().hasSize(count);
        List<Object> list = ReplyReader.readAll(bytes(run("COMMAND", "LIST")));
        assertThat(((List<?>) list.get(0)).stream().map(b -> Resp.text((byte[]) b)).toList())
                .isEqualTo(RespCommands.names());
        assertThat(run("COMMAND", "NOPE")).isEqualTo("-ERR unknown subcommand 'NOPE'. Try COMMAND HELP.\r\n");
        assertThat(run("COMMAND", "COUNT", "x"))
                .isEqualTo("-ERR wrong number of arguments for 'command|count' command\r\n");
    }

    @Test
    void configGetAnswersWhatRedisBenchmarkAsks() {
        assertThat(run("CONFIG", "GET", "save")).isEqualTo("*2\r\n$4\r\nsave\r\n$0\r\n\r\n");
        assertThat(run("CONFIG", "get", "APPENDONLY")).isEqualTo("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
        assertThat(run("CONFIG", "GET", "proto-max-*")).isEqualTo(
                "*2\r\n$18\r\nproto-max-bulk-len\r\n$7\r\n8388608\r\n");
        assertThat(run("CONFIG", "GET", "nothing*")).isEqualTo("*0\r\n");
        assertThat(ReplyReader.readAll(bytes(run("CONFIG", "GET", "*", "save"))).get(0)).asList().hasSize(10);
        assertThat(run("CONFIG", "GET")).isEqualTo("-ERR wrong number of arguments for 'config|get' command\r\n");
        assertThat(run("CONFIG", "SET", "save", "")).isEqualTo("-ERR unknown subcommand 'SET'. Try CONFIG HELP.\r\n");
        assertThat(run("CONFIG")).isEqualTo("-ERR wrong number of arguments for 'config' command\r\n");
    }

    @Test
    void globsMatchLikeRedisForStarAndQuestionMark() {
        assertThat(RespCommands.Glob.matches("*", "save")).isTrue();
        assertThat(RespCommands.Glob.matches("s?ve", "save")).isTrue();
        assertThat(RespCommands.Glob.matches("*a*e*", "save")).isTrue();
        assertThat(RespCommands.Glob.matches("SAVE", "save")).isTrue();
        assertThat(RespCommands.Glob.matches("sav", "save")).isFalse();
        assertThat(RespCommands.Glob.matches("*x", "save")).isFalse();
        assertThat(RespCommands.Glob.matches("*".repeat(50) + "x", "a".repeat(50))).isFalse();
    }
}
