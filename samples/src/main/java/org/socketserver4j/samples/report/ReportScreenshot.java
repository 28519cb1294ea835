package org.socketserver4j.samples.report;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders an HTML page in headless Chromium: its DOM once loaded ({@code --dump-dom}), from which
 * {@link #render} reads what an {@link HtmlReport} page says of its charts, and a PNG of it
 * ({@code --screenshot}). Each run is a process of its own with a user-data directory of its own,
 * removed afterwards; a run that outlasts its timeout, or fails, is killed with its children.
 */
public final class ReportScreenshot {

    /** The names Chromium goes by on a PATH, in the order looked for. */
    public static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private static final Pattern BODY = Pattern.compile("<body\\b[^>]*>");

    private final Path chromium;
    private final Duration timeout;

    /**
     * What a rendered {@link HtmlReport} page says of itself; -1 where it does not say.
     *
     * @param chartsWritten charts the page holds ({@code data-charts-written})
     * @param chartsRendered charts the browser drew ({@code data-charts-rendered})
     * @param pageHeight the page's height in CSS pixels at the width rendered ({@code data-page-height})
     */
    public record Rendered(int chartsWritten, int chartsRendered, int pageHeight) {}

    /** Runs {@code chromium}, each run for at most {@code timeout}. */
    public ReportScreenshot(Path chromium, Duration timeout) {
        this.chromium = chromium;
        this.timeout = timeout;
    }

    /** The first of {@link #NAMES} found on the PATH, if any. */
    public static Optional<Path> findChromium() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM of {@code html} once loaded in a window {@code width} pixels wide, as HTML text. */
    public String dumpDom(Path html, int width) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", "--window-size=" + width + ",800", url(html)), null);
    }

    /** What the {@link HtmlReport} page {@code html} says of its charts, rendered {@code width} pixels wide. */
    public Rendered render(Path html, int width) throws IOException, InterruptedException {
        Matcher body = BODY.matcher(dumpDom(html, width));
        String tag = body.find() ? body.group() : "";
        return new Rendered(attribute(tag, "data-charts-written"), attribute(tag, "data-charts-rendered"),
                attribute(tag, "data-page-height"));
    }

    /** Takes a PNG of {@code html} in a {@code width × height} window, to {@code png}. */
    public void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Path target = png.toAbsolutePath();
        Files.deleteIfExists(target);
        run(List.of("--hide-scrollbars", "--screenshot=" + target, "--window-size=" + width + "," + height,
                url(html)), target);
    }

    private static String url(Path html) throws IOException {
        if (!Files.isRegularFile(html)) {
            throw new IOException("no such file: " + html);
        }
        return html.toAbsolutePath().toUri().toString();
    }

    private static int attribute(String tag, String name) {
        Matcher value = Pattern.compile("\\s" + Pattern.quote(name) + "=\"(\\d+)\"").matcher(tag);
        return value.find() ? Integer.parseInt(value.group(1)) : -1;
    }

    /**
     * Runs Chromium headless with {@code args}; its standard output, once it has ended with
     * status 0 (and, if {@code expected} is not null, made that file).
     */
    private String run(List<String> args, Path expected) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("report-chromium-");
        Process process = null;
        try {
            List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--mute-audio", "--user-data-dir=" + work.resolve("profile")));
            command.addAll(args);
            Path out = work.resolve("stdout");
            Path err = work.resolve("stderr");
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(chromium + " did not finish within " + timeout.toSeconds() + " s" + tail(err));
            }
            if (process.exitValue() != 0) {
                throw new IOException(chromium + " exited with " + process.exitValue() + tail(err));
            }
            if (expected != null && !Files.isRegularFile(expected)) {
                throw new IOException(chromium + " wrote no " + expected + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
            delete(work);
        }
    }

    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The last lines of Chromium's standard error, for a message. */
    private static String tail(Path err) {
        try {
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "" : "; its last output: " + String.join(" | ", last);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
