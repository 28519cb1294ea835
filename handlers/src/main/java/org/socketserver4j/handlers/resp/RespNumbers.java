package org.socketserver4j.handlers.resp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Decimal integers as Redis reads and writes them: strict, as its {@code string2ll} is. An
 * optional {@code -}, then digits with no leading zero (except {@code 0} itself), no sign
 * {@code +}, no spaces, within a signed 64-bit range.
 */
final class RespNumbers {

    private RespNumbers() {}

    /** Parses all of {@code bytes}; see {@link #parseLong(byte[], int, int)}. */
    static long parseLong(byte[] bytes) {
        return parseLong(bytes, 0, bytes.length);
    }

    /**
     * Parses {@code bytes[from, to)} as a strict decimal long.
     *
     * @throws NumberFormatException if the bytes are not one, or it is out of range
     */
    static long parseLong(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > 20) {
            throw notANumber(bytes, from, to);
        }
        int i = from;
        boolean negative = bytes[i] == '-';
        if (negative) {
            i++;
            if (i == to) {
                throw notANumber(bytes, from, to);
            }
        }
        if (bytes[i] == '0') {
            if (length == 1) {
                return 0;
            }
            throw notANumber(bytes, from, to);
        }
        // accumulate negatively, so Long.MIN_VALUE parses too
        long result = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || result < (Long.MIN_VALUE + digit) / 10) {
                throw notANumber(bytes, from, to);
            }
            result = result * 10 - digit;
        }
        if (negative) {
            return result;
        }
        if (result == Long.MIN_VALUE) {
            throw notANumber(bytes, from, to);
        }
        return -result;
    }

    /** The decimal ASCII form of {@code value}. */
    static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("[+-]?inf(?:inity)?", Pattern.CASE_INSENSITIVE);

    /**
     * Parses a score as Redis does: a decimal floating-point number with an optional exponent,
     * or {@code inf}, {@code +inf}, {@code -inf} (any case); no spaces, no NaN, no hex, no
     * Java suffixes. A value too large for a double is refused, not made infinite.
     *
     * @throws NumberFormatException if it is not one
     */
    static double parseDouble(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (INFINITY.matcher(text).matches()) {
            return text.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (bytes.length > 512 || !FLOAT.matcher(text).matches()) {
            throw new NumberFormatException("not a float: " + text.substring(0, Math.min(32, text.length())));
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("out of range: " + text.substring(0, Math.min(32, text.length())));
        }
        return value;
    }

    /**
     * A score as Redis 7.2 writes it: an integral value as an integer ({@code 3}), {@code inf}
     * and {@code -inf}, else the shortest decimal that reads back as the same double
     * ({@code 0.1}, {@code 1.5e+25}).
     */
    static String formatDouble(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        String shortest = Double.toString(value);
        int e = shortest.indexOf('E');
        if (e < 0) {
            return shortest;
        }
        int exponent = Integer.parseInt(shortest.substring(e + 1));
        if (exponent >= -6 && exponent < 21) {
            return new BigDecimal(shortest).toPlainString();
        }
        String mantissa = shortest.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    private static NumberFormatException notANumber(byte[] bytes, int from, int to) {
        int shown = Math.min(to - from, 32);
        return new NumberFormatException("not an integer: "
                + new String(bytes, from, Math.max(shown, 0), StandardCharsets.ISO_8859_1));
    }
}
