package org.socketserver4j.samples.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Where values fall on a chart's axis and which ones get a tick: linear from 0 ({@link #linear})
 * or logarithmic ({@link #log}).
 *
 * @param low the value at the axis's start
 * @param high the value at its end
 * @param logarithmic whether values are placed by their logarithm
 * @param ticks the values that get a tick, from low to high
 */
record Axis(double low, double high, boolean logarithmic, List<Double> ticks) {

    /** A linear axis from 0 to a round number at or above {@code max}, with about five ticks. */
    static Axis linear(double max) {
        double top = max > 0 && Double.isFinite(max) ? max : 1;
        double step = niceStep(top / 5);
        List<Double> ticks = new ArrayList<>();
        int count = (int) Math.ceil(top / step - 1e-9);
        for (int i = 0; i <= count; i++) {
            ticks.add(i * step);
        }
        return new Axis(0, count * step, false, ticks);
    }

    /**
     * A logarithmic axis from the power of ten at or below {@code min} to the one at or above
     * {@code max} (both above 0), a tick at each power, and at 2 and 5 times each when it spans
     * no more than two.
     */
    static Axis log(double min, double max) {
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = Math.pow(10, Math.ceil(Math.log10(max)));
        if (high <= low) {
            high = low * 10;
        }
        boolean fine = high / low <= 100 + 1e-9;
        List<Double> ticks = new ArrayList<>();
        for (double decade = low; decade <= high * (1 + 1e-9); decade *= 10) {
            ticks.add(decade);
            if (fine && decade * 10 <= high * (1 + 1e-9)) {
                ticks.add(2 * decade);
                ticks.add(5 * decade);
            }
        }
        return new Axis(low, high, true, ticks);
    }

    /** Where {@code value} falls, from 0 (the start) to 1 (the end), clamped. */
    double fraction(double value) {
        double at = logarithmic
                ? (Math.log10(Math.max(value, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
                : (value - low) / (high - low);
        return Math.max(0, Math.min(1, at));
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code rough}. */
    private static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double multiple : new double[] {1, 2, 5, 10}) {
            if (multiple * power >= rough * (1 - 1e-9)) {
                return multiple * power;
            }
        }
        return 10 * power;
    }
}
