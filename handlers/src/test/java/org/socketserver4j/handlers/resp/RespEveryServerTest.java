package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

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
}
