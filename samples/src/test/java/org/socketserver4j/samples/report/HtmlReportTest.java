package org.socketserver4j.samples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link HtmlReport}: one self-contained page, every chart, every row, all text escaped. */
class HtmlReportTest {

    private static final Pattern CHART = Pattern.compile("<svg class=\"chart\" data-chart=\"([a-z0-9-]+)\"");

    private final String page = HtmlReport.html(SampleRun.report());

    private List<String> charts(String html) {
        List<String> kinds = new ArrayList<>();
        Matcher chart = CHART.matcher(html);
        while (chart.find()) {
            kinds.add(chart.group(1));
        }
        return kinds;
    }

    private String section(String name) {
        int start = page.indexOf("<section id=\"workload-" + name + "\">");
        assertThat(start).as(name).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    @Test
    void hasTheRunAtTheTop() {
        assertThat(page).startsWith("<!DOCTYPE html>")
                .contains("<dd>2026-12-01T05:00Z</dd>", "<dd><code><span class=\"word\">compare</span> <span class=\"word\">--strategies=select,hybrid,netty</span>",
                        "Test CPU &lt;2 GHz&gt;", "<a href=\"#workload-chat-flood\">chat-flood</a>");
    }

    @Test
    void drawsEachChartWhereItsFiguresAreKnownAndSaysHowMany() {
        assertThat(charts(section("echo"))).containsExactly("throughput", "latency", "cpu", "memory", "threads");
        assertThat(charts(section("large"))).containsExactly("throughput", "latency", "cpu");
        assertThat(charts(section("tls-http"))).containsExactly("throughput", "latency", "cpu");
        assertThat(charts(section("held"))).containsExactly("memory", "threads");
        assertThat(charts(section("chat-flood"))).containsExactly("throughput", "memory");
        assertThat(charts(section("scale"))).containsExactly("kept", "throughput", "cpu", "p99", "latency", "memory",
                "threads");
        assertThat(charts(section("churn"))).containsExactly("throughput", "latency", "cpu");
        assertThat(charts(page)).hasSize(SampleRun.CHARTS);
        assertThat(page).contains("<body data-charts-written=\"" + SampleRun.CHARTS + "\">",
                "data-charts-rendered", "getBBox()");
    }

    @Test
    void chartsHaveLabelledAxesALegendAndRatiosToNetty() {
        String echo = section("echo");

        assertThat(echo).contains(">requests per second</text>", ">server CPU µs per request</text>",
                ">latency (log scale)</text>", ">percentile (log scale of 1/(1 − p); 100: the maximum)</text>",
                ">99.99</text>", ">resident set (RSS)</text>", "100,000/s (1.05×)", "Server CPU per request (ratio to Netty NIO)",
                "class=\"legend\" x=", ">Netty NIO event · epoll</text>", ">SelectServer event · poll</text>");
        assertThat(section("large")).contains(">MB per second</text>", "server CPU µs per MB");
    }

    @Test
    void failedRowsAreInTheTableWithTheirReasonEscapedAndNotCharted() {
        String echo = section("echo");

        assertThat(echo).contains("<tr class=\"failed\"><th>ThreadingServer event</th><td class=\"selector\">none</td>"
                        + "<td colspan=",
                "failed: the server exited with 1 before printing &#39;listening on&#39;"
                        + " &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</td>",
                "Not charted (failed, see the table): ThreadingServer event.")
                .doesNotContain("<b>", "ThreadingServer event:");
        assertThat(section("held")).contains("failed: too many open files");
        assertThat(section("chat-flood")).contains("failed: B could not join");
    }

    @Test
    void tablesShowTheFiguresEachWorkloadHas() {
        assertThat(section("echo")).contains("<th>requests/s</th>", "<th>p99.9 µs</th>", "<th>RSS MiB</th>",
                "<td>100,000</td>").doesNotContain("<th>lost</th>", "<th>B got</th>");
        assertThat(section("udp-echo")).contains("<th>lost</th>", "<td>12</td>");
        assertThat(section("held")).contains("<th>RSS KiB/conn</th>", "<th>held</th>",
                "Threads, heap used and RSS: the server process&#39;s, while holding the connections;")
                .doesNotContain("<th>p50 µs</th>", "vs ");
        assertThat(section("chat-flood")).contains("<th>B got</th>", "<td>1,000 of 1,000</td>");
        assertThat(section("tls-http")).contains("<code>wrk -t1 -c4</code>").doesNotContain("<th>MB/s</th>");
    }

    @Test
    void tablesHaveASelectorColumn() {
        assertThat(section("echo")).contains("<th>server</th><th>selector</th>",
                "<tr><th>SelectServer event</th><td class=\"selector\">poll</td><td>80,000</td>");
    }

    @Test
    void scaleShowsTheBusyEchoAloneAndBesideTheIdleConnectionsSideBySide() {
        String scale = section("scale");

        assertThat(scale).contains(
                "Share of its busy requests/s a server keeps beside 10,000 idle connections (beside / alone)",
                "Busy requests per second, alone and beside 10,000 idle connections",
                "Server CPU per busy request, alone and beside 10,000 idle connections",
                "p99 latency of the busy requests, alone and beside 10,000 idle connections",
                "Latency by percentile, beside 10,000 idle connections",
                ">alone</text>", ">beside 10,000 idle connections</text>",
                ">97% kept (0.97×)</text>", ">12% kept (0.12×)</text>", ">100k/s → 12k/s (0.12×)</text>",
                "SelectServer event · poll (beside 10,000 idle connections): 12,000",
                "<th>requests/s alone</th><th>requests/s beside</th><th>beside / alone</th>",
                "<td>100,000</td><td>12,000</td><td>0.12×</td>", "<th>RSS KiB/conn</th>",
                "with every connection open, after a full GC");
    }

    @Test
    void notRunRowsAreInTheTableAsSuchAndNotCharted() {
        String scale = section("scale");

        assertThat(scale).contains("<tr class=\"not-run\"><th>ForkingServer blocking</th>"
                        + "<td class=\"selector\">none</td><td colspan=",
                "not run: a JVM per connection</td>",
                "Not run (not a failure; why in the table): ForkingServer blocking.")
                .doesNotContain("failed: not run", "ForkingServer blocking:", "Not charted (failed");
    }

    @Test
    void anOpenLoopSaysItsRateAndMarksTheRowsBehindIt() {
        String large = section("large");

        assertThat(large).contains("<code>large</code>, open loop at 2,000 requests/s</h2>",
                "a row marked <em>(behind)</em> achieved under 90% of it", "Behind: Netty NIO event · epoll.",
                "<td>393 (behind)</td>", " (behind)</text>");
        assertThat(section("echo")).doesNotContain("(behind)", "open loop");
    }

    @Test
    void churnCountsConnections() {
        assertThat(section("churn")).contains("A new connection per request", ">connections per second</text>",
                "Server CPU per connection", "<th>connections/s</th>");
    }

    @Test
    void needsNothingFromTheNetwork() {
        assertThat(page).doesNotContainPattern("(?:src|href)\\s*=\\s*\"(?!#)")
                .doesNotContain("<link", "@import", "url(", "<img", "<iframe");
    }

    @Test
    void templatesEscapeTextAndTakeHtmlOnlyInTriplePlaceholders() {
        assertThat(Html.fill("<p>{{a}}</p>{{{b}}}", Map.of("a", "<i>&", "b", "<i>x</i>")))
                .isEqualTo("<p>&lt;i&gt;&amp;</p><i>x</i>");
        assertThat(Html.withCode("run `a<b` now")).isEqualTo("run <code>a&lt;b</code> now");
        assertThatThrownBy(() -> Html.fill("{{missing}}", Map.of())).hasMessageContaining("missing");
    }

    @Test
    void theLatencyAxisSpreadsTheTailEvenly() {
        assertThat(LatencyChart.spread(90)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LatencyChart.spread(99.9)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LatencyChart.spread(100)).isEqualTo(5);
        assertThat(Axis.log(1_500, 800_000).ticks()).containsExactly(1_000.0, 10_000.0, 100_000.0, 1_000_000.0);
        assertThat(Axis.log(1_500, 8_000).ticks()).contains(1_000.0, 2_000.0, 5_000.0, 10_000.0);
        assertThat(Axis.linear(95_000).ticks()).containsExactly(0.0, 20_000.0, 40_000.0, 60_000.0, 80_000.0,
                100_000.0);
    }
}
