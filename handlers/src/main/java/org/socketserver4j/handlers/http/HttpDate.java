package org.socketserver4j.handlers.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110, 5.6.7): the {@code Date} header value, cached and formatted at most
 * once a second however many responses are sent, and parsing of the three date formats a
 * recipient must accept ({@code If-Modified-Since}).
 */
public final class HttpDate {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
        "Aug", "Sep", "Oct", "Nov", "Dec"};

    private static volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    private HttpDate() {}

    /**
     * The current time as a {@code Date} header value. The string is made at most once per
     * second of the wall clock and shared by every caller, on every thread, in that second.
     */
    public static String now() {
        return at(System.currentTimeMillis());
    }

    /** The cached value for the wall-clock time {@code epochMillis}; {@link #now()} for tests. */
    static String at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Cached current = cached;
        if (current.second != second) {
            current = new Cached(second, format(Instant.ofEpochSecond(second)));
            cached = current;
        }
        return current.value;
    }

    /**
     * {@code instant} in IMF-fixdate, to the second: {@code Sun, 06 Nov 1994 08:49:37 GMT}.
     * Written by hand, not by a {@link DateTimeFormatter}: building one loads locale data,
     * which costs a forked child tens of milliseconds at start.
     */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(29);
        out.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(out, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
        int year = t.getYear();
        if (year < 1000) {
            out.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        out.append(year).append(' ');
        twoDigits(out, t.getHour()).append(':');
        twoDigits(out, t.getMinute()).append(':');
        return twoDigits(out, t.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /**
     * Parses an HTTP date in any of the three formats (IMF-fixdate, RFC 850, asctime).
     *
     * @return the instant, or {@code null} when {@code text} is none of them (an invalid
     *     {@code If-Modified-Since} is ignored, as RFC 9110 requires)
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        for (DateTimeFormatter format : Parsers.ALL) {
            try {
                return format.parse(value, Instant::from);
            } catch (DateTimeException notThisOne) {
                // try the next format
            }
        }
        return null;
    }

    private record Cached(long second, String value) {}

    /** The three formats a recipient must accept; made on first use (they load locale data). */
    private static final class Parsers {
        /** IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
        private static final DateTimeFormatter IMF_FIXDATE =
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
        /** The obsolete RFC 850 format: {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
        private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.of(1970, 1, 1))
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        /** The obsolete asctime format: {@code Sun Nov  6 08:49:37 1994}. */
        private static final DateTimeFormatter ASCTIME =
                DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);
        static final DateTimeFormatter[] ALL = {IMF_FIXDATE, RFC_850, ASCTIME};
    }
}
