package org.socketserver4j.handlers.resp;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs Redis commands against a {@link RespStore}, writing each reply to a
 * {@link RespWriter}: PING, ECHO, SET (EX, PX, NX, XX, KEEPTTL), GET, DEL, EXISTS, INCR,
 * INCRBY, DECR, DECRBY, MGET, MSET, EXPIRE, TTL, PTTL, DBSIZE, FLUSHALL, FLUSHDB, SELECT 0,
 * COMMAND (COUNT, INFO, LIST, DOCS), CONFIG GET and QUIT. Names are case-insensitive;
 * replies and error texts are Redis 7's, for example {@code -ERR wrong number of arguments
 * for 'get' command}.
 *
 * <p>Stateless apart from the store, so safe to share between connections and threads.
 */
public final class RespCommands {

    /** What the connection does after a command. */
    public enum Outcome {
        /** Goes on reading commands. */
        CONTINUE,
        /** Sends what is queued and closes (QUIT). */
        CLOSE
    }

    private static final String WRONG_INTEGER = "ERR value is not an integer or out of range";
    private static final String SYNTAX = "ERR syntax error";
    private static final String OVERFLOW = "ERR increment or decrement would overflow";

    /** One command: its name, Redis arity (n: exactly n, -n: at least n), flags and keys. */
    private record Spec(String name, int arity, List<String> flags, int firstKey, int lastKey,
            int step, Implementation implementation) {}

    @FunctionalInterface
    private interface Implementation {
        void run(RespCommands commands, List<byte[]> args, RespWriter out);
    }

    private static final Map<String, Spec> TABLE = table();

    private final RespStore store;
    private final RespLimits limits;

    /** Commands on {@code store}; {@code limits} are what CONFIG GET reports. */
    public RespCommands(RespStore store, RespLimits limits) {
        this.store = Objects.requireNonNull(store, "store");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The store the commands run on. */
    public RespStore store() {
        return store;
    }

    /** The names of the commands, lower case, in table order. */
    public static List<String> names() {
        return TABLE.values().stream().map(Spec::name).toList();
    }

    /**
     * Runs the command {@code arguments} (name first) and appends its reply to {@code out}:
     * an error reply for an unknown command, a wrong number of arguments or a bad argument.
     *
     * @return {@link Outcome#CLOSE} after QUIT, else {@link Outcome#CONTINUE}
     */
    public Outcome execute(List<byte[]> arguments, RespWriter out) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least a name");
        }
        Spec spec = TABLE.get(upper(arguments.get(0)));
        if (spec == null) {
            out.error(unknownCommand(arguments));
            return Outcome.CONTINUE;
        }
        int argc = arguments.size();
        if (spec.arity > 0 ? argc != spec.arity : argc < -spec.arity) {
            out.error(wrongArity(spec.name));
            return Outcome.CONTINUE;
        }
        if (spec.name.equals("quit")) {
            out.simpleString("OK");
            return Outcome.CLOSE;
        }
        spec.implementation.run(this, arguments, out);
        return Outcome.CONTINUE;
    }

    private static Map<String, Spec> table() {
        List<Spec> specs = List.of(
                new Spec("ping", -1, List.of("fast"), 0, 0, 0, RespCommands::ping),
                new Spec("echo", 2, List.of("fast"), 0, 0, 0, RespCommands::echo),
                new Spec("set", -3, List.of("write", "denyoom"), 1, 1, 1, RespCommands::set),
                new Spec("get", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::get),
                new Spec("del", -2, List.of("write"), 1, -1, 1, RespCommands::del),
                new Spec("exists", -2, List.of("readonly", "fast"), 1, -1, 1, RespCommands::exists),
                new Spec("incr", 2, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::incr),
                new Spec("incrby", 3, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::incrby),
                new Spec("decr", 2, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::decr),
                new Spec("decrby", 3, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::decrby),
                new Spec("mget", -2, List.of("readonly", "fast"), 1, -1, 1, RespCommands::mget),
                new Spec("mset", -3, List.of("write", "denyoom"), 1, -1, 2, RespCommands::mset),
                new Spec("expire", -3, List.of("write", "fast"), 1, 1, 1, RespCommands::expire),
                new Spec("ttl", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::ttl),
                new Spec("pttl", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::pttl),
                new Spec("dbsize", 1, List.of("readonly", "fast"), 0, 0, 0, RespCommands::dbsize),
                new Spec("flushall", -1, List.of("write"), 0, 0, 0, RespCommands::flush),
                new Spec("flushdb", -1, List.of("write"), 0, 0, 0, RespCommands::flush),
                new Spec("select", 2, List.of("loading", "stale", "fast"), 0, 0, 0, RespCommands::select),
                new Spec("command", -1, List.of("loading", "stale"), 0, 0, 0, RespCommands::command),
                new Spec("config", -2, List.of("admin", "noscript", "loading", "stale"), 0, 0, 0,
                        RespCommands::config),
                new Spec("quit", -1, List.of("allow_busy", "noscript", "loading", "stale", "fast"),
                        0, 0, 0, (commands, args, out) -> { }));
        Map<String, Spec> table = new LinkedHashMap<>();
        for (Spec spec : specs) {
            table.put(spec.name.toUpperCase(Locale.ROOT), spec);
        }
        return Collections.unmodifiableMap(table);
    }

    // ---- connection and server

    private void ping(List<byte[]> args, RespWriter out) {
        switch (args.size()) {
            case 1 -> out.simpleString("PONG");
            case 2 -> out.bulkString(args.get(1));
            default -> out.error(wrongArity("ping"));
        }
    }

    private void echo(List<byte[]> args, RespWriter out) {
        out.bulkString(args.get(1));
    }

    private void select(List<byte[]> args, RespWriter out) {
        long index;
        try {
            index = RespNumbers.parseLong(args.get(1));
        } catch (NumberFormatException e) {
            out.error(WRONG_INTEGER);
            return;
        }
        if (index == 0) {
            out.simpleString("OK");
        } else {
            out.error("ERR DB index is out of range");
        }
    }

    private void dbsize(List<byte[]> args, RespWriter out) {
        out.integer(store.size());
    }

    private void flush(List<byte[]> args, RespWriter out) {
        if (args.size() > 2 || (args.size() == 2 && !isOneOf(args.get(1), "ASYNC", "SYNC"))) {
            out.error(SYNTAX);
            return;
        }
        store.clear();
        out.simpleString("OK");
    }

    // ---- strings

    private void get(List<byte[]> args, RespWriter out) {
        out.bulkString(store.get(args.get(1)));
    }

    private void set(List<byte[]> args, RespWriter out) {
        RespStore.Condition condition = RespStore.Condition.ALWAYS;
        boolean keepTtl = false;
        byte[] expireArgument = null;
        boolean seconds = false;
        for (int i = 3; i < args.size(); i++) {
            String option = upper(args.get(i));
            boolean hasValue = i + 1 < args.size();
            switch (option) {
                case "NX", "XX" -> {
                    RespStore.Condition wanted = option.equals("NX")
                            ? RespStore.Condition.IF_ABSENT : RespStore.Condition.IF_PRESENT;
                    if (condition != RespStore.Condition.ALWAYS && condition != wanted) {
                        out.error(SYNTAX);
                        return;
                    }
                    condition = wanted;
                }
                case "KEEPTTL" -> {
                    if (expireArgument != null) {
                        out.error(SYNTAX);
                        return;
                    }
                    keepTtl = true;
                }
                case "EX", "PX" -> {
                    if (keepTtl || expireArgument != null || !hasValue) {
                        out.error(SYNTAX);
                        return;
                    }
                    seconds = option.equals("EX");
                    expireArgument = args.get(++i);
                }
                default -> {
                    out.error(SYNTAX);
                    return;
                }
            }
        }
        long ttl = keepTtl ? RespStore.KEEP_TTL : RespStore.NO_EXPIRY;
        if (expireArgument != null) {
            long amount;
            try {
                amount = RespNumbers.parseLong(expireArgument);
            } catch (NumberFormatException e) {
                out.error(WRONG_INTEGER);
                return;
            }
            if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000)) {
                out.error(invalidExpireTime("set"));
                return;
            }
            ttl = seconds ? amount * 1000 : amount;
        }
        boolean written;
        try {
            written = store.set(args.get(1), args.get(2), condition, ttl);
        } catch (ArithmeticException e) {
            out.error(invalidExpireTime("set"));
            return;
        }
        if (written) {
            out.simpleString("OK");
        } else {
            out.nullBulkString();
        }
    }

    private void mget(List<byte[]> args, RespWriter out) {
        out.arrayHeader(args.size() - 1);
        for (int i = 1; i < args.size(); i++) {
            out.bulkString(store.get(args.get(i)));
        }
    }

    private void mset(List<byte[]> args, RespWriter out) {
        if (args.size() % 2 == 0) {
            out.error(wrongArity("mset"));
            return;
        }
        for (int i = 1; i < args.size(); i += 2) {
            store.set(args.get(i), args.get(i + 1));
        }
        out.simpleString("OK");
    }

    private void incr(List<byte[]> args, RespWriter out) {
        increment(args.get(1), 1, out);
    }

    private void decr(List<byte[]> args, RespWriter out) {
        increment(args.get(1), -1, out);
    }

    private void incrby(List<byte[]> args, RespWriter out) {
        long delta;
        try {
            delta = RespNumbers.parseLong(args.get(2));
        } catch (NumberFormatException e) {
            out.error(WRONG_INTEGER);
            return;
        }
        increment(args.get(1), delta, out);
    }

    private void decrby(List<byte[]> args, RespWriter out) {
        long delta;
        try {
            delta = RespNumbers.parseLong(args.get(2));
        } catch (NumberFormatException e) {
            out.error(WRONG_INTEGER);
            return;
        }
        if (delta == Long.MIN_VALUE) {
            out.error("ERR decrement would overflow");
            return;
        }
        increment(args.get(1), -delta, out);
    }

    private void increment(byte[] key, long delta, RespWriter out) {
        try {
            out.integer(store.incrementBy(key, delta));
        } catch (NumberFormatException e) {
            out.error(WRONG_INTEGER);
        } catch (ArithmeticException e) {
            out.error(OVERFLOW);
        }
    }

    // ---- keys

    private void del(List<byte[]> args, RespWriter out) {
        out.integer(countKeys(args, store::delete));
    }

    private void exists(List<byte[]> args, RespWriter out) {
        out.integer(countKeys(args, store::exists));
    }

    /** How many of the keys after the command name {@code test} holds for, in order. */
    private static long countKeys(List<byte[]> args, java.util.function.Predicate<byte[]> test) {
        long count = 0;
        for (int i = 1; i < args.size(); i++) {
            if (test.test(args.get(i))) {
                count++;
            }
        }
        return count;
    }

    private void expire(List<byte[]> args, RespWriter out) {
        if (args.size() > 3) {
            out.error("ERR Unsupported option " + latin1(args.get(3)));
            return;
        }
        long seconds;
        try {
            seconds = RespNumbers.parseLong(args.get(2));
        } catch (NumberFormatException e) {
            out.error(WRONG_INTEGER);
            return;
        }
        try {
            out.integer(store.expire(args.get(1), Math.multiplyExact(seconds, 1000L)) ? 1 : 0);
        } catch (ArithmeticException e) {
            out.error(invalidExpireTime("expire"));
        }
    }

    private void ttl(List<byte[]> args, RespWriter out) {
        long ms = store.ttlMillis(args.get(1));
        out.integer(ms < 0 ? ms : (ms + 500) / 1000);
    }

    private void pttl(List<byte[]> args, RespWriter out) {
        out.integer(store.ttlMillis(args.get(1)));
    }

    // ---- introspection, enough for redis-cli and redis-benchmark

    private void command(List<byte[]> args, RespWriter out) {
        if (args.size() == 1) {
            out.arrayHeader(TABLE.size());
            TABLE.values().forEach(spec -> commandInfo(spec, out));
            return;
        }
        String sub = upper(args.get(1));
        switch (sub) {
            case "COUNT" -> {
                if (args.size() != 2) {
                    out.error(wrongArity("command|count"));
                } else {
                    out.integer(TABLE.size());
                }
            }
            case "LIST" -> {
                out.arrayHeader(TABLE.size());
                TABLE.values().forEach(spec -> out.bulkString(spec.name));
            }
            case "INFO" -> {
                if (args.size() == 2) {
                    out.arrayHeader(TABLE.size());
                    TABLE.values().forEach(spec -> commandInfo(spec, out));
                    return;
                }
                out.arrayHeader(args.size() - 2);
                for (int i = 2; i < args.size(); i++) {
                    Spec spec = TABLE.get(upper(args.get(i)));
                    if (spec == null) {
                        out.nullBulkString();
                    } else {
                        commandInfo(spec, out);
                    }
                }
            }
            // No documentation is served: redis-cli then starts without command hints.
            case "DOCS" -> out.arrayHeader(0);
            default -> out.error(unknownSubcommand(args.get(1), "COMMAND"));
        }
    }

    /** Redis 7's command info: name, arity, flags, keys, ACL categories, tips, key specs, subcommands. */
    private static void commandInfo(Spec spec, RespWriter out) {
        out.arrayHeader(10);
        out.bulkString(spec.name);
        out.integer(spec.arity);
        out.arrayHeader(spec.flags.size());
        spec.flags.forEach(out::simpleString);
        out.integer(spec.firstKey);
        out.integer(spec.lastKey);
        out.integer(spec.step);
        out.arrayHeader(0);
        out.arrayHeader(0);
        out.arrayHeader(0);
        out.arrayHeader(0);
    }

    private void config(List<byte[]> args, RespWriter out) {
        String sub = upper(args.get(1));
        if (!sub.equals("GET")) {
            out.error(unknownSubcommand(args.get(1), "CONFIG"));
            return;
        }
        if (args.size() < 3) {
            out.error(wrongArity("config|get"));
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("save", "");
        parameters.put("appendonly", "no");
        parameters.put("databases", "1");
        parameters.put("maxmemory", "0");
        parameters.put("proto-max-bulk-len", Integer.toString(limits.maxBulkLength()));
        Map<String, String> matched = new LinkedHashMap<>();
        for (int i = 2; i < args.size(); i++) {
            String pattern = latin1(args.get(i));
            parameters.forEach((name, value) -> {
                if (Glob.matches(pattern, name)) {
                    matched.put(name, value);
                }
            });
        }
        out.arrayHeader(matched.size() * 2);
        matched.forEach((name, value) -> {
            out.bulkString(name);
            out.bulkString(value);
        });
    }

    // ---- errors and helpers

    private static String unknownCommand(List<byte[]> args) {
        StringBuilder quoted = new StringBuilder();
        for (int i = 1; i < args.size() && quoted.length() < 128; i++) {
            String arg = latin1(args.get(i));
            quoted.append('\'').append(arg, 0, Math.min(arg.length(), 128 - quoted.length()))
                    .append("' ");
        }
        return "ERR unknown command '" + truncate(latin1(args.get(0)), 128)
                + "', with args beginning with: " + quoted;
    }

    private static String unknownSubcommand(byte[] sub, String command) {
        return "ERR unknown subcommand '" + truncate(latin1(sub), 128) + "'. Try " + command + " HELP.";
    }

    private static String wrongArity(String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }

    private static String invalidExpireTime(String name) {
        return "ERR invalid expire time in '" + name + "' command";
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String upper(byte[] bytes) {
        return latin1(bytes).toUpperCase(Locale.ROOT);
    }

    private static boolean isOneOf(byte[] word, String... choices) {
        String upper = upper(word);
        for (String choice : choices) {
            if (choice.equals(upper)) {
                return true;
            }
        }
        return false;
    }

    /** Glob patterns of CONFIG GET: {@code *} and {@code ?}, case-insensitive; linear time. */
    static final class Glob {
        private Glob() {}

        static boolean matches(String pattern, String text) {
            String p = pattern.toLowerCase(Locale.ROOT);
            String t = text.toLowerCase(Locale.ROOT);
            int pi = 0;
            int ti = 0;
            int star = -1;
            int resume = 0;
            while (ti < t.length()) {
                if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                    pi++;
                    ti++;
                } else if (pi < p.length() && p.charAt(pi) == '*') {
                    star = pi++;
                    resume = ti;
                } else if (star >= 0) {
                    pi = star + 1;
                    ti = ++resume;
                } else {
                    return false;
                }
            }
            while (pi < p.length() && p.charAt(pi) == '*') {
                pi++;
            }
            return pi == p.length();
        }
    }
}
