package org.socketserver4j.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The seed's program as a server under test: {@code selectors_echo.py} (a resource of the
 * samples), an echo loop on Python's {@code selectors} module, run by the {@code python3} on
 * {@code PATH}. It prints {@code listening on HOST:PORT} as {@code serve} does, and
 * {@code selector: EpollSelector} (or {@code PollSelector}) on standard error.
 */
final class PythonEchoServer {

    /** The script's resource. */
    static final String SCRIPT_RESOURCE = "/python/selectors_echo.py";

    private static Optional<Path> interpreter;
    private static Path script;

    private PythonEchoServer() {}

    /**
     * The Python interpreter {@code python3} on {@code PATH} runs (its real executable, not a
     * wrapper such as pyenv's shim, so that its process is the server's), if there is one; looked
     * for once.
     */
    static synchronized Optional<Path> interpreter() {
        if (interpreter == null) {
            interpreter = Executables.onPath("python3").flatMap(PythonEchoServer::realExecutable);
        }
        return interpreter;
    }

    /** The child command serving echo on 127.0.0.1, any port, on {@code selector} ({@link SelectorChoice#NONE}: Python's default). */
    static List<String> command(Path python, SelectorChoice selector) {
        List<String> command = new ArrayList<>(List.of(python.toString(), script().toString(), "--host=127.0.0.1",
                "--port=0", "--stop-on-stdin-eof"));
        command.add("--selector=" + (selector == SelectorChoice.NONE ? "default" : selector.label()));
        return command;
    }

    /** The script, copied once from the resource to a temporary file (deleted when this JVM exits). */
    static synchronized Path script() {
        if (script == null) {
            try (InputStream in = PythonEchoServer.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("no " + SCRIPT_RESOURCE + " among the samples' resources");
                }
                Path file = Files.createTempFile("socketserver4j-selectors-echo-", ".py");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                script = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    /** What {@code sys.executable} says {@code launcher} runs, if it runs and says. */
    private static Optional<Path> realExecutable(Path launcher) {
        try {
            Process process = new ProcessBuilder(launcher.toString(), "-c", "import sys; print(sys.executable)")
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            Path executable = Path.of(out);
            return process.exitValue() == 0 && Files.isExecutable(executable) ? Optional.of(executable)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
