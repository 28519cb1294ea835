package org.socketserver4j.handlers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The Daytime (RFC 867) line: the current date and time, human-readable, ending in CRLF,
 * for example {@code Friday, November 27, 2026 07:55:12 UTC}.
 */
public final class Daytime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy HH:mm:ss zzz", Locale.ENGLISH);

    private Daytime() {}

    /** The daytime line for {@code clock}'s now, CRLF included. */
    public static byte[] line(Clock clock) {
        return (ZonedDateTime.now(clock).format(FORMAT) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
