package org.socketserver4j.samples;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One point of a latency-percentile curve: the latency below which {@code percentile} percent
 * of the requests completed.
 *
 * @param percentile 0 to 100
 * @param nanos the latency there, in nanoseconds
 */
public record LatencyPoint(double percentile, double nanos) {

    /**
     * The percentiles every curve is read at: evenly up to the median, then ever closer to 100 (a
     * tail's steps are what a latency curve is read for).
     */
    public static final List<Double> PERCENTILES = List.of(0.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.5,
            99.9, 99.95, 99.99, 100.0);

    /** The curve of {@code latency} (nanoseconds) at {@link #PERCENTILES}; empty when it holds nothing. */
    public static List<LatencyPoint> curve(Histogram latency) {
        if (latency.getTotalCount() == 0) {
            return List.of();
        }
        return PERCENTILES.stream()
                .map(p -> new LatencyPoint(p, p == 0 ? latency.getMinValue()
                        : p == 100 ? latency.getMaxValue() : latency.getValueAtPercentile(p)))
                .toList();
    }
}
