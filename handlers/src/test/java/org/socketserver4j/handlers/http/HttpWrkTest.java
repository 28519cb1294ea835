package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketserver4j.core.handler.HandlerFactory;
import org.socketserver4j.core.testing.RunningServer;
import org.socketserver4j.core.testing.ServerKind;

/** wrk against /plaintext on HybridServer for two seconds: requests answered, no errors, all 2xx. */
class HttpWrkTest {

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in [\\d.]+\\w+");

    @TempDir
    Path temp;

    private void wrk(List<String> extra) throws Exception {
        try (RunningServer running = RunningServer.start(
                ServerKind.HYBRID.create(HandlerFactory.of(HttpHandler.class), true))) {
            int port = ((InetSocketAddress) running.address()).getPort();
            List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c16", "-d2s", "--timeout", "5s"));
            command.addAll(extra);
            command.add("http://127.0.0.1:" + port + "/plaintext");
            Processes.Result result = Processes.run(temp, Duration.ofSeconds(20), command);
            String report = result.outText();
            assertThat(result.exit()).as(report + result.err()).isZero();
            Matcher requests = REQUESTS.matcher(report);
            assertThat(requests.find()).as(report).isTrue();
            assertThat(Long.parseLong(requests.group(1))).as(report).isPositive();
            assertThat(report).doesNotContain("Socket errors").doesNotContain("Non-2xx or 3xx responses");
            assertThat(running.server().statistics().handlerErrors()).isZero();
        }
    }

    @Test
    void wrkGetsOnlySuccessfulResponses() throws Exception {
        wrk(List.of());
    }

    @Test
    void wrkPipeliningSixteenDeepGetsOnlySuccessfulResponses() throws Exception {
        Path script = Files.writeString(temp.resolve("pipeline.lua"), """
                init = function(args)
                  local r = {}
                  for i = 1, 16 do
                    r[i] = wrk.format(nil, "/plaintext")
                  end
                  req = table.concat(r)
                end
                request = function()
                  return req
                end
                """);
        wrk(List.of("-s", script.toString()));
    }
}
