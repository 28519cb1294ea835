package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketserver4j.samples.report.HtmlReport;
import org.socketserver4j.samples.report.ReportCollector;

/** {@code screenshot}: a report's PNG from headless Chromium ({@code ./run test} installs {@code chromium}). */
class ScreenshotCommandTest {

    @TempDir
    Path tmp;

    private final CapturedCommandLine cli = new CapturedCommandLine();

    /** A report of one echo row: three charts (throughput, latency, CPU). */
    private Path report() throws Exception {
        Histogram latency = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            latency.recordValue(10_000L + i * 100L);
        }
        ReportCollector collected = new ReportCollector("compare --strategies=hybrid", MachineInfo.current());
        collected.closedLoop(Workload.ECHO, List.of(Measurement.of(Contender.HYBRID, Style.EVENT, 50_000,
                Duration.ofSeconds(1), latency, Duration.ofMillis(500), Duration.ofMillis(400), 1.0)), 64, "");
        Path html = tmp.resolve("report.html");
        HtmlReport.write(collected.report(), html);
        return html;
    }

    @Test
    void takesThePngOfTheWholePageOnceEveryChartIsDrawn() throws Exception {
        Path html = report();
        Path png = tmp.resolve("report.png");

        int code = cli.execute("screenshot", "--html=" + html, "--png=" + png, "--width=900");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("screenshot: wrote " + png + " (900×").contains("charts drawn: 3 of 3");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).as("the page's whole height").isGreaterThan(600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--width=5", "--height=-1", "--timeout=0", "--html=missing.html"})
    void badOptionsExitWith2(String option) throws Exception {
        Path html = report();

        int code = cli.execute("screenshot", "--html=" + html, "--png=" + tmp.resolve("x.png"), option);

        assertThat(code).as(cli.err()).isEqualTo(2);
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }

    @Test
    void aPngMustBeNamed() {
        assertThat(cli.execute("screenshot")).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required option: '--png=FILE'");
    }
}
