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

/** redis-benchmark, 50 clients pipelining 16 deep, runs clean against HybridServer. */
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
}
