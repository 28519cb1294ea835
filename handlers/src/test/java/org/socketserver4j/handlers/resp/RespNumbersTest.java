package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Integers parse as strictly as Redis's string2ll. */
class RespNumbersTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 10, 1234567890, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1})
    void parsesWhatItWrites(long value) {
        assertThat(RespNumbers.parseLong(RespNumbers.toBytes(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", " 1", "1 ", "01", "-0", "00", "1e3", "0x10", "1.0",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "123456789012345678901"})
    void refusesAnythingElse(String text) {
        assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> RespNumbers.parseLong(bytes(text)));
    }
}
