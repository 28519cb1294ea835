package org.socketserver4j.samples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in headless Chromium (Debian's {@code chromium}, which {@code ./run test}
 * installs): every chart written is drawn, and the screenshot is a picture.
 */
class ReportScreenshotTest {

    @TempDir
    Path tmp;

    private ReportScreenshot chromium() {
        Path chromium = ReportScreenshot.findChromium().orElse(null);
        assertThat(chromium).as("chromium on the PATH (./run test installs it)").isNotNull();
        return new ReportScreenshot(chromium, Duration.ofSeconds(60));
    }

    @AfterEach
    void noChromiumLeft() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty());
    }

    @Test
    void everyChartOfTheReportIsDrawnAndTheScreenshotIsAPicture() throws Exception {
        Path html = tmp.resolve("report.html");
        HtmlReport.write(SampleRun.report(), html);
        ReportScreenshot chromium = chromium();

        ReportScreenshot.Rendered rendered = chromium.render(html, 1280);

        assertThat(rendered.chartsWritten()).isEqualTo(SampleRun.CHARTS);
        assertThat(rendered.chartsRendered()).isEqualTo(SampleRun.CHARTS);
        assertThat(rendered.pageHeight()).isGreaterThan(1000);

        Path png = tmp.resolve("report.png");
        chromium.screenshot(html, png, 1000, 1200);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("distinct colours").hasSizeGreaterThan(10);
        try (var left = Files.list(tmp)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("report.html",
                    "report.png");
        }
    }

    @Test
    void aPageWithAChartThatDrawsNothingIsCounted() throws Exception {
        Path html = tmp.resolve("empty.html");
        Files.writeString(html, HtmlReport.html(SampleRun.report())
                .replaceFirst("<rect class=\"mark bar\"[^>]*>", "<rect class=\"mark bar\" width=\"0\" height=\"0\">")
                .replaceFirst("<svg class=\"chart\" data-chart=\"throughput\"[^>]*>((?s).*?)</svg>",
                        "<svg class=\"chart\" data-chart=\"throughput\" width=\"10\" height=\"10\"></svg>"));

        ReportScreenshot.Rendered rendered = chromium().render(html, 1280);

        assertThat(rendered.chartsWritten()).isEqualTo(SampleRun.CHARTS);
        assertThat(rendered.chartsRendered()).isEqualTo(SampleRun.CHARTS - 1);
    }

    @Test
    void aMissingPageIsAnErrorBeforeChromiumStarts() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chromium().render(tmp.resolve("none.html"), 800))
                .hasMessageContaining("no such file");
    }
}
