package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs redis-cli and redis-benchmark (package redis-tools, which CI installs) against a
 * server, with a timeout; the process is killed in any case, and its output goes through
 * files so a hung process cannot block the test on a pipe.
 */
final class RedisTools {

    /** What a finished process left. */
    record Result(int exitCode, String stdout, String stderr) {}

    private RedisTools() {}

    /** {@code redis-cli --no-raw -h 127.0.0.1 -p PORT arguments...}, stdin empty. */
    static Result cli(SocketAddress server, String... arguments) throws Exception {
        return cliWithInput(server, null, arguments);
    }

    /**
     * redis-cli with {@code input} on its stdin (one command per line, all on one connection)
     * when not null.
     */
    static Result cliWithInput(SocketAddress server, String input, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--no-raw", "-h", "127.0.0.1",
                "-p", Integer.toString(port(server))));
        command.addAll(List.of(arguments));
        return run(command, input, Duration.ofSeconds(20));
    }

    /** redis-benchmark against {@code server} with {@code arguments}. */
    static Result benchmark(SocketAddress server, Duration timeout, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1",
                "-p", Integer.toString(port(server))));
        command.addAll(List.of(arguments));
        return run(command, null, timeout);
    }

    private static int port(SocketAddress server) {
        return ((InetSocketAddress) server).getPort();
    }

    private static Result run(List<String> command, String input, Duration timeout) throws Exception {
        requireInstalled(command.get(0));
        Path out = Files.createTempFile("resp-test-", ".out");
        Path err = Files.createTempFile("resp-test-", ".err");
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (input == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            process = builder.start();
            if (input != null) {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(exited).as("%s finished within %s; stdout so far: %s", command, timeout,
                    Files.readString(out)).isTrue();
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void requireInstalled(String tool) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new AssertionError(tool + " is not on the PATH: install redis-tools (.ci/run does)");
    }
}
