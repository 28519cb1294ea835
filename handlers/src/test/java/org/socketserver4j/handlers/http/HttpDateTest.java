package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cached Date value and the three HTTP date formats. */
class HttpDateTest {

    @Test
    void formatsImfFixdate() {
        assertThat(HttpDate.format(Instant.parse("1994-11-06T08:49:37Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(Instant.parse("2026-01-02T03:04:05.999Z"))).isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
    }

    @Test
    void parsesAllThreeFormatsAndRefusesOthers() {
        Instant expected = Instant.parse("1994-11-06T08:49:37Z");
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(expected);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(expected);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(expected);
        assertThat(HttpDate.parse(" Sun, 06 Nov 1994 08:49:37 GMT ")).isEqualTo(expected);
        assertThat(HttpDate.parse("yesterday")).isNull();
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 CET")).isNull();
        assertThat(HttpDate.parse("")).isNull();
        assertThat(HttpDate.parse(null)).isNull();
    }

    @Test
    void theDateValueIsMadeOnceASecond() {
        long second = Instant.parse("2030-05-06T07:08:09Z").toEpochMilli();
        String first = HttpDate.at(second);
        assertThat(first).isEqualTo("Mon, 06 May 2030 07:08:09 GMT");
        assertThat(HttpDate.at(second + 999)).as("the same second shares one string").isSameAs(first);
        String next = HttpDate.at(second + 1000);
        assertThat(next).isEqualTo("Mon, 06 May 2030 07:08:10 GMT");
        assertThat(HttpDate.at(second + 1500)).isSameAs(next);
    }

    @Test
    void nowIsAValidDateOfThisSecond() {
        Instant parsed = HttpDate.parse(HttpDate.now());
        assertThat(parsed).isBetween(Instant.now().minusSeconds(2), Instant.now().plusSeconds(1));
    }

    @Test
    void theHandWrittenFormatAgreesWithTheJdksFormatter() {
        var jdk = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
                java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L));
            assertThat(HttpDate.format(instant)).isEqualTo(jdk.format(instant));
        }
    }
}
