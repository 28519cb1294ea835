package org.socketserver4j.handlers.http;

/** Character classes of HTTP/1.1 (RFC 9110, RFC 9112), for the parser and the encoder. */
final class HttpSyntax {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpSyntax() {}

    /** A {@code tchar}: the characters of methods and field names. */
    static boolean isTokenChar(byte b) {
        return b >= 0 && TCHAR[b];
    }

    /** A byte allowed in a field value: visible ASCII, space, tab, or obs-text (0x80-0xFF). */
    static boolean isFieldValueChar(byte b) {
        int c = b & 0xff;
        return c >= 0x20 ? c != 0x7f : c == '\t';
    }

    /** A byte allowed in a request target: visible ASCII except {@code #}. */
    static boolean isTargetChar(byte b) {
        return b > 0x20 && b < 0x7f && b != '#';
    }

    /** Space or horizontal tab (optional whitespace). */
    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The value of a hexadecimal digit, or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
