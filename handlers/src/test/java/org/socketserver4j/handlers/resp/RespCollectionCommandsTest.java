package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The list, set, hash, sorted set and stream commands, and TYPE: replies byte for byte,
 * WRONGTYPE, emptied keys deleted, expiry, and edge cases of indexes, counts, scores and ids.
 */
class RespCollectionCommandsTest {

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private final AtomicLong now = new AtomicLong(50_000);
    private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
    private final RespStore store = new RespStore(now::get, wall::get);
    private final RespCommands commands = new RespCommands(store, RespLimits.defaults());

    private String run(String... arguments) {
        RespWriter out = new RespWriter();
        List<byte[]> list = new ArrayList<>();
        for (String argument : arguments) {
            list.add(bytes(argument));
        }
        assertThat(commands.execute(list, out)).isEqualTo(RespCommands.Outcome.CONTINUE);
        return Resp.text(out.toByteArray());
    }

    /** RESP2 array of bulk strings. */
    private static String array(String... elements) {
        StringBuilder s = new StringBuilder("*").append(elements.length).append("\r\n");
        for (String e : elements) {
            s.append('$').append(e.length()).append("\r\n").append(e).append("\r\n");
        }
        return s.toString();
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    // ---- lists

    @Test
    void pushesPopsAndLengths() {
        assertThat(run("LPUSH", "l", "a", "b")).isEqualTo(":2\r\n");
        assertThat(run("RPUSH", "l", "c")).isEqualTo(":3\r\n");
        assertThat(run("LRANGE", "l", "0", "-1")).isEqualTo(array("b", "a", "c"));
        assertThat(run("LLEN", "l")).isEqualTo(":3\r\n");
        assertThat(run("LPOP", "l")).isEqualTo(bulk("b"));
        assertThat(run("RPOP", "l")).isEqualTo(bulk("c"));
        assertThat(run("TYPE", "l")).isEqualTo("+list\r\n");
        assertThat(run("RPOP", "l")).isEqualTo(bulk("a"));
        // the emptied list is gone
        assertThat(run("EXISTS", "l")).isEqualTo(":0\r\n");
        assertThat(run("TYPE", "l")).isEqualTo("+none\r\n");
        assertThat(run("LPOP", "l")).isEqualTo("$-1\r\n");
        assertThat(run("LLEN", "l")).isEqualTo(":0\r\n");
        assertThat(run("LRANGE", "l", "0", "-1")).isEqualTo("*0\r\n");
    }

    @Test
    void popsWithACount() {
        run("RPUSH", "l", "a", "b", "c");
        assertThat(run("LPOP", "l", "2")).isEqualTo(array("a", "b"));
        assertThat(run("LPOP", "l", "0")).isEqualTo("*0\r\n");
        assertThat(run("RPOP", "l", "5")).isEqualTo(array("c"));
        assertThat(run("LPOP", "l", "1")).isEqualTo("*-1\r\n");
        assertThat(run("LPOP", "l", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(run("LPOP", "l", "x")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(run("LPOP", "l", "1", "2")).isEqualTo("-ERR wrong number of arguments for 'lpop' command\r\n");
        assertThat(run("LPUSH", "l")).isEqualTo("-ERR wrong number of arguments for 'lpush' command\r\n");
    }

    @ParameterizedTest(name = "LRANGE {0} {1}")
    @CsvSource({
            "0, -1, a b c d e",
            "1, 2, b c",
            "-2, -1, d e",
            "-100, 1, a b",
            "3, 100, d e",
            "4, 4, e",
            "5, 10, ''",
            "3, 1, ''",
            "-1, -2, ''",
            "0, -6, ''",
            "-9223372036854775808, 9223372036854775807, a b c d e"})
    void lrangeClampsIndexesAsRedisDoes(String start, String stop, String expected) {
        run("RPUSH", "l", "a", "b", "c", "d", "e");
        String[] elements = expected.isEmpty() ? new String[0] : expected.split(" ");
        assertThat(run("LRANGE", "l", start, stop)).isEqualTo(array(elements));
    }

    @Test
    void lrangeRefusesNonIntegers() {
        run("RPUSH", "l", "a");
        assertThat(run("LRANGE", "l", "a", "1")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(run("LRANGE", "l", "0")).isEqualTo("-ERR wrong number of arguments for 'lrange' command\r\n");
    }

    // ---- sets

    @Test
    void setsAddCountAndTest() {
        assertThat(run("SADD", "s", "a", "b", "a")).isEqualTo(":2\r\n");
        assertThat(run("SADD", "s", "b", "c")).isEqualTo(":1\r\n");
        assertThat(run("SCARD", "s")).isEqualTo(":3\r\n");
        assertThat(run("SISMEMBER", "s", "c")).isEqualTo(":1\r\n");
        assertThat(run("SISMEMBER", "s", "d")).isEqualTo(":0\r\n");
        assertThat(run("SISMEMBER", "none", "d")).isEqualTo(":0\r\n");
        assertThat(store.setMembers(bytes("s"))).extracting(Resp::text).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(run("SMEMBERS", "s")).startsWith("*3\r\n");
        assertThat(run("SMEMBERS", "none")).isEqualTo("*0\r\n");
        assertThat(run("TYPE", "s")).isEqualTo("+set\r\n");
    }

    @Test
    void spopRemovesRandomMembersUntilTheSetIsGone() {
        run("SADD", "s", "a", "b", "c", "d");
        Set<String> popped = new HashSet<>();
        String one = run("SPOP", "s");
        assertThat(one).matches("\\$1\r\n[abcd]\r\n");
        popped.add(one.substring(4, 5));
        String two = run("SPOP", "s", "2");
        assertThat(two).startsWith("*2\r\n");
        popped.add(two.substring(8, 9));
        popped.add(two.substring(15, 16));
        assertThat(run("SCARD", "s")).isEqualTo(":1\r\n");
        String last = run("SPOP", "s", "10");
        popped.add(last.substring(8, 9));
        assertThat(popped).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(run("EXISTS", "s")).isEqualTo(":0\r\n");
        assertThat(run("SPOP", "s")).isEqualTo("$-1\r\n");
        assertThat(run("SPOP", "s", "3")).isEqualTo("*0\r\n");
        assertThat(run("SPOP", "s", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(run("SPOP", "s", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(run("SPOP", "s", "1", "2")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void spopChoosesEveryMemberSometimes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200 && seen.size() < 3; i++) {
            run("SADD", "s", "a", "b", "c");
            seen.add(run("SPOP", "s"));
            run("DEL", "s");
        }
        assertThat(seen).hasSize(3);
    }

    // ---- hashes

    @Test
    void hashesSetGetAndDelete() {
        assertThat(run("HSET", "h", "f1", "v1", "f2", "v2")).isEqualTo(":2\r\n");
        assertThat(run("HSET", "h", "f1", "w1", "f3", "v3")).isEqualTo(":1\r\n");
        assertThat(run("HGET", "h", "f1")).isEqualTo(bulk("w1"));
        assertThat(run("HGET", "h", "nope")).isEqualTo("$-1\r\n");
        assertThat(run("HGET", "none", "f1")).isEqualTo("$-1\r\n");
        assertThat(run("HGETALL", "h")).isEqualTo(array("f1", "w1", "f2", "v2", "f3", "v3"));
        assertThat(run("HGETALL", "none")).isEqualTo("*0\r\n");
        assertThat(run("TYPE", "h")).isEqualTo("+hash\r\n");
        assertThat(run("HDEL", "h", "f1", "nope", "f2")).isEqualTo(":2\r\n");
        assertThat(run("HDEL", "h", "f3")).isEqualTo(":1\r\n");
        assertThat(run("EXISTS", "h")).isEqualTo(":0\r\n");
        assertThat(run("HDEL", "h", "f3")).isEqualTo(":0\r\n");
        assertThat(run("HSET", "h", "f1")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
        assertThat(run("HSET", "h", "f1", "v", "f2")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
    }

    // ---- sorted sets

    @Test
    void zaddOrdersByScoreThenMember() {
        assertThat(run("ZADD", "z", "2", "b", "1", "c", "2", "a")).isEqualTo(":3\r\n");
        assertThat(run("ZADD", "z", "1.5", "b")).isEqualTo(":0\r\n");
        assertThat(run("ZRANGE", "z", "0", "-1", "WITHSCORES"))
                .isEqualTo(array("c", "1", "b", "1.5", "a", "2"));
        assertThat(run("ZRANGE", "z", "-2", "-1")).isEqualTo(array("b", "a"));
        assertThat(run("ZRANGE", "z", "5", "9")).isEqualTo("*0\r\n");
        assertThat(run("ZRANGE", "z", "0", "1", "BYSCORE")).isEqualTo("-ERR syntax error\r\n");
        assertThat(run("ZCARD", "z")).isEqualTo(":3\r\n");
        assertThat(run("ZCARD", "none")).isEqualTo(":0\r\n");
        assertThat(run("ZSCORE", "z", "b")).isEqualTo(bulk("1.5"));
        assertThat(run("ZSCORE", "z", "nope")).isEqualTo("$-1\r\n");
        assertThat(run("TYPE", "z")).isEqualTo("+zset\r\n");
        // equal scores order by member bytes, unsigned
        run("ZADD", "t", "0", "\u00e9", "0", "z", "0", "a");
        assertThat(store.zrange(bytes("t"), 0, -1)).extracting(m -> Resp.text(m.member()))
                .containsExactly("a", "z", "\u00e9");
    }

    @Test
    void zaddOptions() {
        run("ZADD", "z", "5", "a");
        assertThat(run("ZADD", "z", "NX", "1", "a", "1", "b")).isEqualTo(":1\r\n");
        assertThat(run("ZSCORE", "z", "a")).isEqualTo(bulk("5"));
        assertThat(run("ZADD", "z", "XX", "7", "a", "1", "c")).isEqualTo(":0\r\n");
        assertThat(run("ZSCORE", "z", "a")).isEqualTo(bulk("7"));
        assertThat(run("ZSCORE", "z", "c")).isEqualTo("$-1\r\n");
        assertThat(run("ZADD", "z", "GT", "CH", "6", "a", "9", "b")).isEqualTo(":1\r\n");
        assertThat(run("ZADD", "z", "LT", "ch", "6", "a", "2", "d")).isEqualTo(":2\r\n");
        assertThat(run("ZRANGE", "z", "0", "-1", "withscores")).isEqualTo(array("d", "2", "a", "6", "b", "9"));
        assertThat(run("ZADD", "z", "CH", "6", "a")).isEqualTo(":0\r\n");
        assertThat(run("ZADD", "new", "XX", "1", "a")).isEqualTo(":0\r\n");
        assertThat(run("EXISTS", "new")).isEqualTo(":0\r\n");
        assertThat(run("ZADD", "z", "NX", "XX", "1", "a")).isEqualTo("-ERR XX and NX options at the same time are not compatible\r\n");
        assertThat(run("ZADD", "z", "GT", "LT", "1", "a")).isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        assertThat(run("ZADD", "z", "NX", "GT", "1", "a")).isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        assertThat(run("ZADD", "z", "1", "a", "2")).isEqualTo("-ERR syntax error\r\n");
        assertThat(run("ZADD", "z", "NX", "a")).isEqualTo("-ERR syntax error\r\n");
        assertThat(run("ZADD", "z", "1")).isEqualTo("-ERR wrong number of arguments for 'zadd' command\r\n");
    }

    @Test
    void zaddIncr() {
        assertThat(run("ZADD", "z", "INCR", "2.5", "a")).isEqualTo(bulk("2.5"));
        assertThat(run("ZADD", "z", "incr", "-1", "a")).isEqualTo(bulk("1.5"));
        assertThat(run("ZADD", "z", "NX", "INCR", "1", "a")).isEqualTo("$-1\r\n");
        assertThat(run("ZADD", "z", "XX", "INCR", "1", "b")).isEqualTo("$-1\r\n");
        assertThat(run("ZADD", "z", "GT", "INCR", "-1", "a")).isEqualTo("$-1\r\n");
        assertThat(run("ZADD", "z", "LT", "INCR", "-1", "a")).isEqualTo(bulk("0.5"));
        assertThat(run("ZADD", "z", "INCR", "1", "a", "2", "b"))
                .isEqualTo("-ERR INCR option supports a single increment-element pair\r\n");
        assertThat(run("ZADD", "z", "INCR", "inf", "c")).isEqualTo(bulk("inf"));
        assertThat(run("ZADD", "z", "INCR", "-inf", "c")).isEqualTo("-ERR resulting score is not a number (NaN)\r\n");
        assertThat(run("ZSCORE", "z", "c")).isEqualTo(bulk("inf"));
        assertThat(run("ZADD", "new", "XX", "INCR", "1", "a")).isEqualTo("$-1\r\n");
        assertThat(run("EXISTS", "new")).isEqualTo(":0\r\n");
        assertThat(run("ZRANGE", "z", "0", "-1", "WITHSCORES")).isEqualTo(array("a", "0.5", "c", "inf"));
    }

    @ParameterizedTest(name = "ZADD {0} -> {1}")
    @CsvSource({
            "1, 1", "-1, -1", "+3, 3", "1.5, 1.5", "0.1, 0.1", "-0, 0", "1e3, 1000", "2.5E-3, 0.0025",
            ".5, 0.5", "5., 5", "inf, inf", "+inf, inf", "-inf, -inf", "-INF, -inf", "1e300, 1e+300",
            "123456789012345678901234, 1.2345678901234569e+23", "1e-7, 1e-7"})
    void scoresParseAndPrintAsRedisDoes(String score, String printed) {
        assertThat(run("ZADD", "z", score, "m")).isEqualTo(":1\r\n");
        assertThat(run("ZSCORE", "z", "m")).isEqualTo(bulk(printed));
    }

    @ParameterizedTest(name = "ZADD {0}")
    @CsvSource({"nan", "NaN", "abc", "1x", "' 1'", "0x10", "1f", "1d", "Infinityy", "1e400", "''", "--1", "1e"})
    void badScoresAreRefused(String score) {
        assertThat(run("ZADD", "z", score, "m")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(run("EXISTS", "z")).isEqualTo(":0\r\n");
    }

    @Test
    void zpopminPopsTheLowestAndDeletesTheEmptiedSet() {
        run("ZADD", "z", "3", "c", "1", "a", "2", "b", "1", "aa");
        assertThat(run("ZPOPMIN", "z")).isEqualTo(array("a", "1"));
        assertThat(run("ZPOPMIN", "z", "2")).isEqualTo(array("aa", "1", "b", "2"));
        assertThat(run("ZPOPMIN", "z", "0")).isEqualTo("*0\r\n");
        assertThat(run("ZPOPMIN", "z", "9")).isEqualTo(array("c", "3"));
        assertThat(run("EXISTS", "z")).isEqualTo(":0\r\n");
        assertThat(run("ZPOPMIN", "z")).isEqualTo("*0\r\n");
        assertThat(run("ZPOPMIN", "z", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(run("ZPOPMIN", "z", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(run("ZPOPMIN", "z", "1", "2")).isEqualTo("-ERR syntax error\r\n");
    }

    // ---- streams

    @Test
    void xaddMakesIncreasingIdsFromTheWallClock() {
        assertThat(run("XADD", "x", "*", "f", "v")).isEqualTo(bulk("1700000000000-0"));
        assertThat(run("XADD", "x", "*", "f", "v", "g", "w")).isEqualTo(bulk("1700000000000-1"));
        wall.addAndGet(5);
        assertThat(run("XADD", "x", "*", "f", "v")).isEqualTo(bulk("1700000000005-0"));
        // a wall clock gone back keeps the last milliseconds and counts on
        wall.addAndGet(-1000);
        assertThat(run("XADD", "x", "*", "f", "v")).isEqualTo(bulk("1700000000005-1"));
        assertThat(run("XLEN", "x")).isEqualTo(":4\r\n");
        assertThat(run("TYPE", "x")).isEqualTo("+stream\r\n");
        assertThat(run("XLEN", "none")).isEqualTo(":0\r\n");
    }

    @Test
    void xaddChecksExplicitIdsAgainstTheLast() {
        assertThat(run("XADD", "x", "0-0", "f", "v")).isEqualTo("-ERR The ID specified in XADD must be greater than 0-0\r\n");
        assertThat(run("EXISTS", "x")).isEqualTo(":0\r\n");
        assertThat(run("XADD", "x", "0-*", "f", "v")).isEqualTo(bulk("0-1"));
        assertThat(run("XADD", "x", "5-3", "f", "v")).isEqualTo(bulk("5-3"));
        assertThat(run("XADD", "x", "5-3", "f", "v"))
                .isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        assertThat(run("XADD", "x", "4-9", "f", "v"))
                .isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        assertThat(run("XADD", "x", "5", "f", "v"))
                .isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        assertThat(run("XADD", "x", "4-*", "f", "v"))
                .isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        assertThat(run("XADD", "x", "5-*", "f", "v")).isEqualTo(bulk("5-4"));
        assertThat(run("XADD", "x", "6", "f", "v")).isEqualTo(bulk("6-0"));
        assertThat(run("XADD", "x", "18446744073709551615-18446744073709551615", "f", "v"))
                .isEqualTo(bulk("18446744073709551615-18446744073709551615"));
        assertThat(run("XADD", "x", "*", "f", "v"))
                .isEqualTo("-ERR The stream has exhausted the last possible ID, unable to add more items\r\n");
        assertThat(run("XLEN", "x")).isEqualTo(":5\r\n");
    }

    @ParameterizedTest(name = "XADD {0}")
    @CsvSource({"a-1", "1-a", "-1", "1-", "1--1", "18446744073709551616-0", "1-2-3", "' 1'", "**", "1-**"})
    void badIdsAreRefused(String id) {
        assertThat(run("XADD", "x", id, "f", "v")).isEqualTo("-ERR Invalid stream ID specified as stream command argument\r\n");
    }

    @Test
    void xaddOptionsAndArity() {
        assertThat(run("XADD", "x", "NOMKSTREAM", "*", "f", "v")).isEqualTo("$-1\r\n");
        assertThat(run("EXISTS", "x")).isEqualTo(":0\r\n");
        for (int i = 1; i <= 5; i++) {
            run("XADD", "x", "MAXLEN", "~", "3", i + "-0", "f", "v");
        }
        assertThat(run("XLEN", "x")).isEqualTo(":3\r\n");
        assertThat(run("XADD", "x", "MAXLEN", "0", "*", "f", "v")).startsWith("$");
        assertThat(run("XLEN", "x")).isEqualTo(":0\r\n");
        assertThat(run("TYPE", "x")).isEqualTo("+stream\r\n"); // an empty stream stays
        assertThat(run("XADD", "x", "MAXLEN", "-1", "*", "f", "v")).isEqualTo("-ERR The MAXLEN argument must be >= 0.\r\n");
        assertThat(run("XADD", "x", "*", "f")).isEqualTo("-ERR wrong number of arguments for 'xadd' command\r\n");
        assertThat(run("XADD", "x", "*", "f", "v", "g")).isEqualTo("-ERR wrong number of arguments for 'xadd' command\r\n");
        assertThat(run("XADD", "x", "*")).isEqualTo("-ERR wrong number of arguments for 'xadd' command\r\n");
    }

    // ---- types and expiry

    @Test
    void everyCommandRefusesAKeyOfAnotherType() {
        run("SET", "str", "v");
        run("RPUSH", "list", "a");
        run("SADD", "set", "a");
        run("HSET", "hash", "f", "v");
        run("ZADD", "zset", "1", "a");
        run("XADD", "stream", "*", "f", "v");
        List<String[]> commandsOnStr = List.of(
                new String[] {"LPUSH", "K", "a"}, new String[] {"RPUSH", "K", "a"}, new String[] {"LPOP", "K"},
                new String[] {"RPOP", "K", "2"}, new String[] {"LLEN", "K"}, new String[] {"LRANGE", "K", "0", "1"},
                new String[] {"SADD", "K", "a"}, new String[] {"SPOP", "K"}, new String[] {"SMEMBERS", "K"},
                new String[] {"SCARD", "K"}, new String[] {"SISMEMBER", "K", "a"}, new String[] {"HSET", "K", "f", "v"},
                new String[] {"HGET", "K", "f"}, new String[] {"HGETALL", "K"}, new String[] {"HDEL", "K", "f"},
                new String[] {"ZADD", "K", "1", "a"}, new String[] {"ZSCORE", "K", "a"}, new String[] {"ZPOPMIN", "K"},
                new String[] {"ZRANGE", "K", "0", "1"}, new String[] {"ZCARD", "K"},
                new String[] {"XADD", "K", "*", "f", "v"}, new String[] {"XLEN", "K"},
                new String[] {"GET", "K"}, new String[] {"INCR", "K"}, new String[] {"INCRBY", "K", "2"});
        List<String> keys = List.of("str", "list", "set", "hash", "zset", "stream");
        for (String[] command : commandsOnStr) {
            String owner = switch (command[0].charAt(0)) {
                case 'L', 'R' -> "list";
                case 'S' -> "set";
                case 'H' -> "hash";
                case 'Z' -> "zset";
                case 'X' -> "stream";
                default -> "str";
            };
            for (String key : keys) {
                if (key.equals(owner)) {
                    continue;
                }
                String[] withKey = command.clone();
                withKey[1] = key;
                assertThat(run(withKey)).as(String.join(" ", withKey)).isEqualTo(WRONGTYPE);
            }
        }
        // nothing changed, and MGET answers nil for a key that is not a string
        assertThat(run("MGET", "str", "list", "zset")).isEqualTo("*3\r\n$1\r\nv\r\n$-1\r\n$-1\r\n");
        assertThat(run("LLEN", "list")).isEqualTo(":1\r\n");
        assertThat(run("XLEN", "stream")).isEqualTo(":1\r\n");
        // SET replaces a value of any type; DEL deletes any
        assertThat(run("SET", "list", "v")).isEqualTo("+OK\r\n");
        assertThat(run("TYPE", "list")).isEqualTo("+string\r\n");
        assertThat(run("DEL", "set", "hash", "zset", "stream")).isEqualTo(":4\r\n");
    }

    @Test
    void collectionsExpireLikeStrings() {
        run("RPUSH", "l", "a");
        run("SADD", "s", "a");
        run("HSET", "h", "f", "v");
        run("ZADD", "z", "1", "a");
        run("XADD", "x", "*", "f", "v");
        for (String key : List.of("l", "s", "h", "z", "x")) {
            assertThat(run("EXPIRE", key, "10")).isEqualTo(":1\r\n");
        }
        // changing a collection keeps its expiry, as in Redis
        run("RPUSH", "l", "b");
        assertThat(run("TTL", "l")).isEqualTo(":10\r\n");
        now.addAndGet(10_001);
        assertThat(run("LLEN", "l")).isEqualTo(":0\r\n");
        assertThat(run("SCARD", "s")).isEqualTo(":0\r\n");
        assertThat(run("HGET", "h", "f")).isEqualTo("$-1\r\n");
        assertThat(run("TYPE", "z")).isEqualTo("+none\r\n");
        assertThat(run("XLEN", "x")).isEqualTo(":0\r\n");
        assertThat(store.size()).isZero();
        // an expired key of another type does not refuse a push
        run("SET", "k", "v", "PX", "5");
        now.addAndGet(6);
        assertThat(run("LPUSH", "k", "a")).isEqualTo(":1\r\n");
        assertThat(run("TTL", "k")).isEqualTo(":-1\r\n");
    }

    @Test
    void theCommandTableListsTheNewCommands() {
        assertThat(RespCommands.names()).contains("type", "lpush", "rpush", "lpop", "rpop", "llen", "lrange",
                "sadd", "spop", "smembers", "scard", "sismember", "hset", "hget", "hgetall", "hdel", "zadd",
                "zscore", "zpopmin", "zrange", "zcard", "xadd", "xlen");
    }
}
