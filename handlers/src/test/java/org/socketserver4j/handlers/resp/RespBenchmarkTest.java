package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/**
 * redis-benchmark runs clean against HybridServer: 50 clients pipelining 16 deep on PING, SET
 * and GET; its whole default test list; and XADD, which is in that list from Redis 7.2 on.
 */
class RespBenchmarkTest {

    @Test
    @Timeout(90)
    void redisBenchmarkPingSetGetCompletesWithoutErrors() throws Exception {
        RespStore store = new RespStore();
        HandlerFactory factory = HandlerFactory.event(() -> new RespHandler(store, RespLimits.defaults()));
        try (RunningServer running = RunningServer.start(ServerKind.HYBRID.create(factory, true))) {
            RedisTools.Result result = RedisTools.benchmark(running.address(), Duration.ofSeconds(60),
                    "-t", "ping,set,get", "-n", "20000", "-P", "16", "-q");
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stderr()).as("no ERROR or WARNING from redis-benchmark").isBlank();
            // -q prints progress lines ending in \r, then one line per test
            List<String> lines = Arrays.stream(result.stdout().split("[\r\n]+"))
                    .map(String::strip)
                    .filter(line -> line.contains("requests per second") && !line.contains("rps="))
                    .toList();
            assertThat(lines).as(result.stdout()).hasSize(4);
            assertThat(lines).extracting(line -> line.substring(0, line.indexOf(':')))
                    .containsExactly("PING_INLINE", "PING_MBULK", "SET", "GET");
            assertThat(lines).allSatisfy(line -> assertThat(line)
                    .matches("[A-Z_]+: [0-9]+\\.[0-9]+ requests per second, p50=[0-9.]+ msec"));
            // SET wrote its 3-byte payload (-d 3, the default) under its one key, which GET then read
            assertThat(store.get(bytes("key:__rand_int__"))).hasSize(3);
            assertThat(running.server().statistics().handlerErrors()).isZero();
        }
    }

    @Test
    @Timeout(150)
    void redisBenchmarkDefaultTestsCompleteWithoutErrors() throws Exception {
        RespStore store = new RespStore();
        HandlerFactory factory = HandlerFactory.event(() -> new RespHandler(store, RespLimits.defaults()));
        try (RunningServer running = RunningServer.start(ServerKind.HYBRID.create(factory, true))) {
            RedisTools.Result result = RedisTools.benchmark(running.address(), Duration.ofSeconds(120),
                    "-c", "8", "-n", "2000", "-q");
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stderr()).as("no ERROR or WARNING from redis-benchmark").isBlank();
            List<String> tests = testNames(result.stdout());
            assertThat(tests).as(result.stdout()).contains("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR",
                    "LPUSH", "RPUSH", "LPOP", "RPOP", "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN",
                    "LPUSH (needed to benchmark LRANGE)", "LRANGE_100 (first 100 elements)",
                    "LRANGE_300 (first 300 elements)", "LRANGE_500 (first 500 elements)",
                    "LRANGE_600 (first 600 elements)", "MSET (10 keys)");
            if (defaultTestsIncludeXadd()) {
                assertThat(tests).as(result.stdout()).contains("XADD");
            }
            assertThat(store.type(bytes("mylist"))).isEqualTo(RespStore.Type.LIST);
            assertThat(store.listLength(bytes("mylist"))).isGreaterThanOrEqualTo(600);
            assertThat(running.server().statistics().handlerErrors()).isZero();
        }
    }

    @Test
    @Timeout(90)
    void redisBenchmarkXaddCompletesWithoutErrors() throws Exception {
        RespStore store = new RespStore();
        HandlerFactory factory = HandlerFactory.event(() -> new RespHandler(store, RespLimits.defaults()));
        try (RunningServer running = RunningServer.start(ServerKind.HYBRID.create(factory, true))) {
            // the command the default test of Redis 7.2 sends, run here as a custom command
            RedisTools.Result result = RedisTools.benchmark(running.address(), Duration.ofSeconds(60),
                    "-c", "8", "-n", "2000", "-q", "XADD", "mystream", "*", "myfield", "xxx");
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stderr()).isBlank();
            assertThat(testNames(result.stdout())).as(result.stdout()).containsExactly("XADD mystream * myfield xxx");
            assertThat(store.xlen(bytes("mystream"))).isEqualTo(2000);
            assertThat(running.server().statistics().handlerErrors()).isZero();
        }
    }

    /** The tests redis-benchmark -q reported, each line {@code NAME: n requests per second, p50=...}. */
    private static List<String> testNames(String stdout) {
        List<String> lines = Arrays.stream(stdout.split("[\r\n]+"))
                .map(String::strip)
                .filter(line -> line.contains("requests per second") && !line.contains("rps="))
                .toList();
        assertThat(lines).allSatisfy(line -> assertThat(line)
                .matches(".+: [0-9]+\\.[0-9]+ requests per second, p50=[0-9.]+ msec"));
        return lines.stream().map(line -> line.substring(0, line.lastIndexOf(": "))).toList();
    }

    /** Whether this redis-benchmark's default list has XADD: it does from 7.2 on. */
    private static boolean defaultTestsIncludeXadd() throws Exception {
        Process process = new ProcessBuilder("redis-benchmark", "--version").redirectErrorStream(true).start();
        String version = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        assertThat(m.find()).as("redis-benchmark --version: %s", version).isTrue();
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 7 || (major == 7 && minor >= 2);
    }
}
