package org.socketserver4j.samples.report;

import java.util.Locale;

/** Numbers as the HTML report shows them; {@link #NONE} where unknown. */
final class Format {

    /** Shown where a number is unknown or does not apply. */
    static final String NONE = "–";

    private Format() {}

    /** A whole number with thousands separators. */
    static String whole(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : NONE;
    }

    /** About three significant digits: whole from 100 on, one decimal from 10, else two. */
    static String figure(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        double size = Math.abs(value);
        return String.format(Locale.ROOT, size >= 100 ? "%,.0f" : size >= 10 ? "%.1f" : "%.2f", value);
    }

    /** Nanoseconds as microseconds, as {@link #figure}. */
    static String micros(double nanos) {
        return figure(nanos / 1e3);
    }

    /** A rate, e.g. {@code 120,000/s}, with {@code unit} where it is short: {@code 524 MB/s}. */
    static String rate(double value, String unit) {
        return figure(value) + (unit.length() <= 2 ? " " + unit : "") + "/s";
    }

    /** A ratio, e.g. {@code 1.02×}. */
    static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f×", value) : NONE;
    }

    /** Bytes as MiB with one decimal; negative: unknown. */
    static String mib(double bytes) {
        return bytes < 0 || !Double.isFinite(bytes) ? NONE
                : String.format(Locale.ROOT, "%,.1f", bytes / (1 << 20));
    }

    /** Bytes as KiB, as {@link #figure}. */
    static String kib(double bytes) {
        return figure(bytes / 1024);
    }

    /** A count; negative: unknown. */
    static String count(long value) {
        return value < 0 ? NONE : String.format(Locale.ROOT, "%,d", value);
    }

    /** An axis tick: 0, 500, 2.5k, 120k, 1.5M. */
    static String tick(double value) {
        double size = Math.abs(value);
        if (size >= 1e6) {
            return trim(value / 1e6) + "M";
        }
        if (size >= 1e4) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    /** A latency axis tick from nanoseconds: {@code 500 ns}, {@code 20 µs}, {@code 1 ms}, {@code 2 s}. */
    static String duration(double nanos) {
        if (nanos >= 1e9) {
            return trim(nanos / 1e9) + " s";
        }
        if (nanos >= 1e6) {
            return trim(nanos / 1e6) + " ms";
        }
        if (nanos >= 1e3) {
            return trim(nanos / 1e3) + " µs";
        }
        return trim(nanos) + " ns";
    }

    /** Up to two decimals, trailing zeros dropped. */
    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.contains(".") ? text.replaceAll("\\.?0+$", "") : text;
    }

    /** A percentile, e.g. {@code 99.9}. */
    static String percentile(double percentile) {
        return trim(percentile);
    }

    /** The singular of a rate unit, e.g. {@code request} of {@code requests} ({@code MB} stays). */
    static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }
}
