package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real clients (curl, wrk) the end-to-end tests drive servers with. */
final class Processes {

    /** What a finished process left: exit status, stdout (bytes and text) and stderr. */
    record Result(int exit, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    private Processes() {}

    /**
     * Runs {@code command}, its output going to files in {@code dir} (so no pipe can fill and
     * stall it), and waits at most {@code timeout}. The process is killed whatever happens.
     */
    static Result run(Path dir, Duration timeout, List<String> command) throws IOException, InterruptedException {
        requireTool(command.get(0));
        Path out = Files.createTempFile(dir, "out", ".bin");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("%s did not finish within %s; stderr: %s", command, timeout, Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void requireTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail("%s is not installed: the HTTP end-to-end tests drive the server with it (CI installs it;"
                + " locally: apt-get install %s)", tool, tool);
    }
}
