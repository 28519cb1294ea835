package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;
import org.socketserver4j.core.testing.TestTls;
import org.socketserver4j.core.testing.Transport;

/**
 * RespHandler, made by class as any server can make it, under every server: a redis-cli
 * call, then a redis-cli session of several commands (strings, a list) on one connection. Under FORKING the
 * connection's child JVM has a store of its own, which the session still sees whole.
 */
@Timeout(60)
class RespEveryServerTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    void redisCliWorksUnderEveryServer(ServerKind kind) throws Exception {
        try (RunningServer running = RunningServer.start(kind.create(HandlerFactory.of(RespHandler.class), true))) {
            RedisTools.Result ping = RedisTools.cli(running.address(), "PING");
            assertThat(ping.stdout()).isEqualTo("PONG\n");
            assertThat(ping.exitCode()).isZero();

            String key = "every-server:" + kind + ":" + System.nanoTime();
            RedisTools.Result session = RedisTools.cliWithInput(running.address(),
                    "SET " + key + " v\nGET " + key + "\nINCR " + key + ":n\nRPUSH " + key + ":l a b\nLRANGE "
                            + key + ":l 0 -1\nDEL " + key + " " + key + ":n " + key + ":l\n");
            assertThat(session.stdout())
                    .isEqualTo("OK\n\"v\"\n(integer) 1\n(integer) 2\n1) \"a\"\n2) \"b\"\n(integer) 3\n");
            assertThat(session.stderr()).isEmpty();
            assertThat(session.exitCode()).isZero();
        }
    }

    /** redis-cli --tls, checking the certificate, under every server that serves TLS. */
    @ParameterizedTest(name = "tls {0}")
    @MethodSource("org.socketserver4j.core.testing.TestTls#kinds")
    void redisCliOverTlsWorksUnderEveryServer(ServerKind kind) throws Exception {
        try (RunningServer running = RunningServer.start(
                TestTls.bound(kind, Transport.TCP, HandlerFactory.of(RespHandler.class)))) {
            String[] tls = {"--tls", "--cacert", TestTls.certificatePem().toString(), "--sni", "localhost"};
            RedisTools.Result ping = RedisTools.cli(running.address(), concat(tls, "PING"));
            assertThat(ping.stdout()).as(ping.stderr()).isEqualTo("PONG\n");
            assertThat(ping.exitCode()).isZero();
            RedisTools.Result session = RedisTools.cliWithInput(running.address(), "SET k v\nGET k\n", tls);
            assertThat(session.stdout()).as(session.stderr()).isEqualTo("OK\n\"v\"\n");
            assertThat(session.exitCode()).isZero();
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
