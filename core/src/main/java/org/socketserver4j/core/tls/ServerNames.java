package org.socketserver4j.core.tls;

import java.util.Locale;
import java.util.Set;

/** SNI names: exact host names and one-label {@code *.} wildcards, matched case-insensitively. */
final class ServerNames {

    private ServerNames() {}

    /**
     * {@code name} in lower case, checked: a host name, or {@code *.} followed by one (at least
     * two labels, so that {@code *.com} is refused).
     *
     * @throws IllegalArgumentException if it is neither
     */
    static String normalise(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a server name must not be empty");
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        String host = lower.startsWith("*.") ? lower.substring(2) : lower;
        if (host.isEmpty() || host.contains("*") || host.startsWith(".") || host.endsWith(".")
                || host.contains("..") || (lower.startsWith("*.") && !host.contains("."))) {
            throw new IllegalArgumentException("not a host name or *.domain wildcard: " + name);
        }
        return lower;
    }

    /**
     * The name in {@code names} that {@code host} matches: its exact name first, then the
     * wildcard of its parent domain ({@code a.example.com} matches {@code *.example.com}, but
     * neither {@code example.com} nor {@code a.b.example.com} does); {@code null} if none.
     */
    static String match(Set<String> names, String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (names.contains(lower)) {
            return lower;
        }
        int dot = lower.indexOf('.');
        String wildcard = dot > 0 ? "*" + lower.substring(dot) : null;
        return wildcard != null && names.contains(wildcard) ? wildcard : null;
    }
}
