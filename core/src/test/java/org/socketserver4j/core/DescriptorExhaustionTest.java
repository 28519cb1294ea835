package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.socketserver4j.core.testing.LineClient;

/**
 * Accept under EMFILE: a server in a child JVM with a low descriptor limit is flooded with
 * clients. Accept fails for lack of descriptors; the server must back off instead of spinning
 * (few accept errors, not thousands a second), keep serving the connections it has, and accept
 * again by itself once descriptors are free.
 */
@EnabledOnOs(OS.LINUX)
class DescriptorExhaustionTest {

    @Test
    void acceptBacksOffOnEmfileAndRecoversByItself() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = System.getProperty("java.class.path");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "ulimit -n 128 && exec \"$0\" -Xshare:auto -cp \"$1\" " + EmfileServerMain.class.getName(),
                java.toString(), classPath);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = builder.start();
        List<Socket> flood = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("child's first line").startsWith("port ");
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(line.substring(5)));
            try (LineClient first = new LineClient(address)) {
                assertThat(first.call("hello")).isEqualTo("hello");
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket();
                    s.connect(address, 5000);
                    flood.add(s);
                }
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Long.parseLong(first.call("stats").split(" ")[0]) > 0);
                assertThat(first.call("still served")).isEqualTo("still served");
                long errorsDuringFlood = Long.parseLong(first.call("stats").split(" ")[0]);
                assertThat(errorsDuringFlood).as("backs off instead of spinning").isLessThan(200);
                for (Socket s : flood) {
                    s.close();
                }
                flood.clear();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    try (LineClient fresh = new LineClient(address, Duration.ofSeconds(2))) {
                        return "recovered".equals(fresh.call("recovered"));
                    } catch (java.io.IOException notYet) {
                        return false;
                    }
                });
            }
            child.getOutputStream().close();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
