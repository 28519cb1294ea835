package org.socketserver4j.core.tls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One load of a server's certificates: the default entry and those chosen by server name,
 * tagged with a generation so that an alias chosen from one load is never answered from
 * another.
 *
 * @param generation which load this is, counted from 0
 * @param defaultEntry what clients get unless their server name has an entry of its own
 * @param byName entries by exact server name or {@code *.} wildcard, lower case
 */
record KeyMaterial(long generation, KeyEntry defaultEntry, Map<String, KeyEntry> byName) {

    private static final String DEFAULT = "default";

    KeyMaterial {
        byName = Map.copyOf(byName);
    }

    /**
     * Reads every certificate and key {@code options} names.
     *
     * @throws IOException if a file is missing or wrong; the message names it
     */
    static KeyMaterial load(TlsOptions options, long generation) throws IOException {
        KeyEntry defaultEntry = options.defaultKey().load();
        Map<String, KeyEntry> byName = new LinkedHashMap<>();
        for (Map.Entry<String, KeySource> named : options.serverNameKeys().entrySet()) {
            byName.put(named.getKey(), named.getValue().load());
        }
        return new KeyMaterial(generation, defaultEntry, byName);
    }

    /** The alias of the entry for {@code serverName} ({@code null}: none asked for). */
    String aliasFor(String serverName) {
        String name = serverName == null ? null : ServerNames.match(byName.keySet(), serverName);
        return alias(name == null ? DEFAULT : name);
    }

    /** Every alias of this load. */
    List<String> aliases() {
        List<String> aliases = new ArrayList<>();
        aliases.add(alias(DEFAULT));
        byName.keySet().forEach(name -> aliases.add(alias(name)));
        return aliases;
    }

    /** The entry {@code alias} names, or {@code null} if it is not of this generation. */
    KeyEntry entry(String alias) {
        String prefix = generation + "/";
        if (alias == null || !alias.startsWith(prefix)) {
            return null;
        }
        String name = alias.substring(prefix.length());
        return name.equals(DEFAULT) ? defaultEntry : byName.get(name);
    }

    private String alias(String name) {
        return generation + "/" + name;
    }
}
