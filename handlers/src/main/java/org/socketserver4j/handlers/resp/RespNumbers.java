package org.socketserver4j.handlers.resp;

import java.nio.charset.StandardCharsets;

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

    private static NumberFormatException notANumber(byte[] bytes, int from, int to) {
        int shown = Math.min(to - from, 32);
        return new NumberFormatException("not an integer: "
                + new String(bytes, from, Math.max(shown, 0), StandardCharsets.ISO_8859_1));
    }
}
