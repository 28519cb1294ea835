package org.socketserver4j.samples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option: a whole number with a unit ({@code 500ms}, {@code 60s},
 * {@code 5m}, {@code 1h}), {@code 0}, or ISO-8601 ({@code PT1M30S}). Never negative.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** Makes the converter. */
    public DurationConverter() {}

    /**
     * Parses {@code value}.
     *
     * @throws TypeConversionException when it is not a duration of the forms above
     */
    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            Matcher m = WITH_UNIT.matcher(text);
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            if (text.startsWith("p")) {
                Duration parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
                if (!parsed.isNegative()) {
                    return parsed;
                }
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // reported below
        }
        throw new TypeConversionException("'" + value
                + "' is not a duration: use e.g. 500ms, 60s, 5m, 1h, or 0");
    }

    /** Writes {@code duration} the way this converter reads it, in its largest exact unit. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        long millis = duration.toMillis();
        if (duration.toNanosPart() % 1_000_000 != 0) {
            return duration.toString();
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
