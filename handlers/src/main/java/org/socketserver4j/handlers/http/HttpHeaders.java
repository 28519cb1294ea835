package org.socketserver4j.handlers.http;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered list of header fields (or trailer fields). Names compare
 * case-insensitively, as in HTTP; the order and the repetitions of fields are kept.
 */
public final class HttpHeaders {

    /** No fields. */
    public static final HttpHeaders EMPTY = new HttpHeaders(new String[0]);

    /** Names and values alternating: name 0, value 0, name 1, value 1... */
    private final String[] fields;

    private HttpHeaders(String[] fields) {
        this.fields = fields;
    }

    /** Fields the parser has checked already; the list is copied. */
    static HttpHeaders trusted(List<String> namesAndValues) {
        return namesAndValues.isEmpty() ? EMPTY : new HttpHeaders(namesAndValues.toArray(new String[0]));
    }

    /**
     * Headers from names and values alternating, e.g. {@code of("Content-Type", "text/plain")}.
     *
     * @throws IllegalArgumentException for an odd count, a name that is not an HTTP token, or a
     *     value holding CR, LF or another control character (which would split the message)
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            checkField(namesAndValues[i], namesAndValues[i + 1]);
        }
        return namesAndValues.length == 0 ? EMPTY : new HttpHeaders(namesAndValues.clone());
    }

    /**
     * These headers and one more field at the end.
     *
     * @throws IllegalArgumentException as {@link #of(String...)} does
     */
    public HttpHeaders with(String name, String value) {
        checkField(name, value);
        String[] more = Arrays.copyOf(fields, fields.length + 2);
        more[fields.length] = name;
        more[fields.length + 1] = value;
        return new HttpHeaders(more);
    }

    /** These headers without any field named {@code name}. */
    public HttpHeaders without(String name) {
        List<String> kept = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i += 2) {
            if (!fields[i].equalsIgnoreCase(name)) {
                kept.add(fields[i]);
                kept.add(fields[i + 1]);
            }
        }
        return kept.size() == fields.length ? this : trusted(kept);
    }

    /** The value of the first field named {@code name}, or {@code null} when there is none. */
    public String first(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    /** The values of every field named {@code name}, in order. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                values.add(fields[i + 1]);
            }
        }
        return values;
    }

    /** Whether a field named {@code name} is present. */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /** How many fields are named {@code name}. */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether a field named {@code name}, read as a comma-separated list, holds {@code token}
     * (case-insensitively), as {@code Connection: keep-alive, Upgrade} holds {@code upgrade}.
     */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                for (String item : fields[i + 1].split(",", -1)) {
                    if (item.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The number of fields. */
    public int size() {
        return fields.length / 2;
    }

    /** Whether there are no fields. */
    public boolean isEmpty() {
        return fields.length == 0;
    }

    /** The name of field {@code index} (from 0), as it was given. */
    public String name(int index) {
        Objects.checkIndex(index, size());
        return fields[2 * index];
    }

    /** The value of field {@code index} (from 0). */
    public String value(int index) {
        Objects.checkIndex(index, size());
        return fields[2 * index + 1];
    }

    /** The fields in order, as name and value entries. */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> list = new ArrayList<>(size());
        for (int i = 0; i < fields.length; i += 2) {
            list.add(new AbstractMap.SimpleImmutableEntry<>(fields[i], fields[i + 1]));
        }
        return Collections.unmodifiableList(list);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpHeaders that && Arrays.equals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < fields.length; i += 2) {
            text.append(i == 0 ? "" : ", ").append(fields[i]).append(": ").append(fields[i + 1]);
        }
        return text.append('}').toString();
    }

    private static void checkField(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7e || !HttpSyntax.isTokenChar((byte) c)) {
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || !HttpSyntax.isFieldValueChar((byte) c)) {
                throw new IllegalArgumentException("header " + name
                        + " holds a character that cannot be sent: U+" + Integer.toHexString(c));
            }
        }
    }
}
