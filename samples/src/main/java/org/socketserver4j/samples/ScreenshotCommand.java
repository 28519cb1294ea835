package org.socketserver4j.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.socketserver4j.samples.report.ReportScreenshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code screenshot}: renders a {@code compare --html} report in headless Chromium and takes a
 * PNG of the whole page (README's picture). Exit 0 when every chart the page holds was drawn, 1
 * when one was not or Chromium failed, 2 on bad usage.
 */
@Command(name = "screenshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Renders a compare report (--html) in headless Chromium, checks that every chart was"
                + " drawn and takes a PNG of the whole page."})
public final class ScreenshotCommand implements Callable<Integer> {

    private static final int MAX_SIZE = 16_384;

    @Spec
    private CommandSpec spec;

    @Option(names = "--html", paramLabel = "FILE", defaultValue = "compare-report.html",
            description = "The report to render (default: ${DEFAULT-VALUE}).")
    private Path html;

    @Option(names = "--png", paramLabel = "FILE", required = true, description = "Where to write the PNG.")
    private Path png;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "1280",
            description = "The window's width (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "0",
            description = "The window's height; 0: the page's whole height at --width (default: ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--chromium", paramLabel = "PATH",
            description = "The Chromium to run (default: chromium, chromium-browser or google-chrome on the PATH).")
    private Path chromium;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "The longest one Chromium run may take (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    /** Makes the command; picocli fills in the options. */
    public ScreenshotCommand() {}

    /**
     * Renders the page, then takes its PNG.
     *
     * @return 0 if every chart was drawn, 1 if not
     * @throws IOException if Chromium fails or the files cannot be read or written
     * @throws InterruptedException when interrupted
     */
    @Override
    public Integer call() throws IOException, InterruptedException {
        checkOptions();
        Path browser = chromium != null ? chromium : ReportScreenshot.findChromium().orElseThrow(() ->
                new IOException("no Chromium on the PATH (" + String.join(", ", ReportScreenshot.NAMES)
                        + "): install it (Debian: apt-get install chromium) or give --chromium"));
        ReportScreenshot screenshot = new ReportScreenshot(browser, timeout);
        ReportScreenshot.Rendered rendered = screenshot.render(html, width);
        int pageHeight = height > 0 ? height
                : Math.min(MAX_SIZE, Math.max(200, rendered.pageHeight() > 0 ? rendered.pageHeight() : 2000));
        screenshot.screenshot(html, png, width, pageHeight);
        PrintWriter out = spec.commandLine().getOut();
        boolean all = rendered.chartsRendered() == rendered.chartsWritten();
        out.printf("screenshot: wrote %s (%d×%d); charts drawn: %s of %s%n", png, width, pageHeight,
                known(rendered.chartsRendered()), known(rendered.chartsWritten()));
        out.flush();
        if (!all) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("screenshot: not every chart of " + html + " was drawn");
            err.flush();
        }
        return all ? 0 : 1;
    }

    private static String known(int count) {
        return count < 0 ? "unknown" : String.valueOf(count);
    }

    private void checkOptions() {
        if (width < 100 || width > MAX_SIZE) {
            throw invalid("--width", width + " is not in 100.." + MAX_SIZE);
        }
        if (height < 0 || height > MAX_SIZE) {
            throw invalid("--height", height + " is not in 0.." + MAX_SIZE);
        }
        if (timeout.isZero()) {
            throw invalid("--timeout", "it must be more than 0");
        }
        if (!Files.isRegularFile(html)) {
            throw invalid("--html", "no such file: " + html);
        }
    }

    private ParameterException invalid(String option, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + why);
    }
}
