package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What a row keeps of its latency histogram, and the medians and peaks over rounds. */
class MeasurementTest {

    /** 1,000 requests in 1 s: 990 at {@code typicalMicros}, 10 at 100 times that. */
    private static Measurement row(long typicalMicros, ResourcePeaks peaks) {
        Histogram latency = new Histogram(LoadGenerator.HIGHEST_LATENCY_NANOS, 3);
        latency.recordValueWithCount(typicalMicros * 1000, 990);
        latency.recordValueWithCount(typicalMicros * 100_000, 10);
        return Measurement.of(Contender.SELECT, Style.EVENT, 1000, Duration.ofSeconds(1), latency,
                Duration.ofMillis(100), Duration.ofMillis(100), 1).withPeaks(peaks);
    }

    @Test
    void keepsTheMaximumAndTheCurveAtTheStandardPercentiles() {
        Measurement row = row(10, new ResourcePeaks(20, 1 << 20, 50 << 20));

        assertThat(row.maxNanos()).isBetween(999_000.0, 1_001_000.0);
        assertThat(row.latencyCurve()).extracting(LatencyPoint::percentile).isEqualTo(LatencyPoint.PERCENTILES);
        assertThat(row.latencyCurve().get(3).nanos()).isBetween(9_990.0, 10_010.0); // p50
        assertThat(row.latencyCurve().get(LatencyPoint.PERCENTILES.indexOf(99.5)).nanos()).isGreaterThan(990_000);
        assertThat(row.latencyCurve()).isSortedAccordingTo((a, b) -> Double.compare(a.nanos(), b.nanos()));
        assertThat(row.peaks().threads()).isEqualTo(20);
    }

    @Test
    void roundsGiveTheMedianCurveAndTheHighestPeaks() {
        Measurement median = Measurement.median(List.of(row(10, new ResourcePeaks(20, 5, 7)),
                row(30, new ResourcePeaks(25, 4, -1)), row(20, ResourcePeaks.UNKNOWN)));

        assertThat(median.latencyCurve().get(3).nanos()).isBetween(19_980.0, 20_020.0);
        assertThat(median.maxNanos()).isBetween(1_998_000.0, 2_002_000.0);
        assertThat(median.peaks()).isEqualTo(new ResourcePeaks(25, 5, 7));
    }

    @Test
    void aRowWithoutAHistogramHasNoCurveAndNoMaximum() {
        Measurement wrk = Measurement.of(Contender.NETTY, Style.EVENT, 100, Duration.ofSeconds(1), 1e6, 2e6, 3e6,
                null, null, 1, 0);

        assertThat(wrk.latencyCurve()).isEmpty();
        assertThat(wrk.maxNanos()).isNaN();
        assertThat(Measurement.median(List.of(wrk, wrk)).latencyCurve()).isEmpty();
        assertThat(wrk.peaks().known()).isFalse();
    }
}
