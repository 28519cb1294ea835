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
 * INCRBY, DECR, DECRBY, MGET, MSET, TYPE, lists (LPUSH, RPUSH, LPOP, RPOP with an optional
 * count, LLEN, LRANGE), sets (SADD, SPOP with an optional count, SMEMBERS, SCARD, SISMEMBER),
 * hashes (HSET, HGET, HGETALL, HDEL), sorted sets (ZADD with NX, XX, GT, LT, CH, INCR; ZSCORE,
 * ZPOPMIN with an optional count, ZRANGE by rank with WITHSCORES, ZCARD), streams (XADD with
 * NOMKSTREAM and MAXLEN, XLEN), EXPIRE, TTL, PTTL, DBSIZE, FLUSHALL, FLUSHDB, SELECT 0,
 * COMMAND (COUNT, INFO, LIST, DOCS), CONFIG GET and QUIT. Names are case-insensitive;
 * replies and error texts are Redis 7's, for example {@code -ERR wrong number of arguments
 * for 'get' command}, and a command on a key of another type gets {@code -WRONGTYPE}.
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
    private static final String NOT_A_FLOAT = "ERR value is not a valid float";
    private static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

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
        try {
            spec.implementation.run(this, arguments, out);
        } catch (RespStore.WrongTypeException e) {
            // commands ask the store before they write any of their reply
            out.error(RespStore.WrongTypeException.MESSAGE);
        }
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
                new Spec("type", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::type),
                new Spec("lpush", -3, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::lpush),
                new Spec("rpush", -3, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::rpush),
                new Spec("lpop", -2, List.of("write", "fast"), 1, 1, 1, RespCommands::lpop),
                new Spec("rpop", -2, List.of("write", "fast"), 1, 1, 1, RespCommands::rpop),
                new Spec("llen", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::llen),
                new Spec("lrange", 4, List.of("readonly"), 1, 1, 1, RespCommands::lrange),
                new Spec("sadd", -3, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::sadd),
                new Spec("spop", -2, List.of("write", "fast"), 1, 1, 1, RespCommands::spop),
                new Spec("smembers", 2, List.of("readonly"), 1, 1, 1, RespCommands::smembers),
                new Spec("scard", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::scard),
                new Spec("sismember", 3, List.of("readonly", "fast"), 1, 1, 1, RespCommands::sismember),
                new Spec("hset", -4, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::hset),
                new Spec("hget", 3, List.of("readonly", "fast"), 1, 1, 1, RespCommands::hget),
                new Spec("hgetall", 2, List.of("readonly"), 1, 1, 1, RespCommands::hgetall),
                new Spec("hdel", -3, List.of("write", "fast"), 1, 1, 1, RespCommands::hdel),
                new Spec("zadd", -4, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::zadd),
                new Spec("zscore", 3, List.of("readonly", "fast"), 1, 1, 1, RespCommands::zscore),
                new Spec("zpopmin", -2, List.of("write", "fast"), 1, 1, 1, RespCommands::zpopmin),
                new Spec("zrange", -4, List.of("readonly"), 1, 1, 1, RespCommands::zrange),
                new Spec("zcard", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::zcard),
                new Spec("xadd", -5, List.of("write", "denyoom", "fast"), 1, 1, 1, RespCommands::xadd),
                new Spec("xlen", 2, List.of("readonly", "fast"), 1, 1, 1, RespCommands::xlen),
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
            byte[] value;
            try {
                value = store.get(args.get(i));
            } catch (RespStore.WrongTypeException e) {
                value = null; // MGET answers nil for a key of another type
            }
            out.bulkString(value);
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

    // ---- types

    private void type(List<byte[]> args, RespWriter out) {
        RespStore.Type type = store.type(args.get(1));
        out.simpleString(type == null ? "none" : type.redisName());
    }

    // ---- lists

    private void lpush(List<byte[]> args, RespWriter out) {
        out.integer(store.push(args.get(1), true, args.subList(2, args.size())));
    }

    private void rpush(List<byte[]> args, RespWriter out) {
        out.integer(store.push(args.get(1), false, args.subList(2, args.size())));
    }

    private void lpop(List<byte[]> args, RespWriter out) {
        pop(args, true, "lpop", out);
    }

    private void rpop(List<byte[]> args, RespWriter out) {
        pop(args, false, "rpop", out);
    }

    /** LPOP and RPOP: one element (or nil) without a count; an array (or a null array) with one. */
    private void pop(List<byte[]> args, boolean left, String name, RespWriter out) {
        if (args.size() > 3) {
            out.error(wrongArity(name));
            return;
        }
        if (args.size() == 2) {
            List<byte[]> popped = store.pop(args.get(1), left, 1);
            out.bulkString(popped == null || popped.isEmpty() ? null : popped.get(0));
            return;
        }
        long count = count(args.get(2), true, out);
        if (count < 0) {
            return;
        }
        List<byte[]> popped = store.pop(args.get(1), left, count);
        if (popped == null) {
            out.nullArray();
        } else {
            bulkArray(popped, out);
        }
    }

    private void llen(List<byte[]> args, RespWriter out) {
        out.integer(store.listLength(args.get(1)));
    }

    private void lrange(List<byte[]> args, RespWriter out) {
        long[] bounds = indexes(args, out);
        if (bounds != null) {
            bulkArray(store.range(args.get(1), bounds[0], bounds[1]), out);
        }
    }

    // ---- sets

    private void sadd(List<byte[]> args, RespWriter out) {
        out.integer(store.setAdd(args.get(1), args.subList(2, args.size())));
    }

    private void spop(List<byte[]> args, RespWriter out) {
        if (args.size() > 3) {
            out.error(SYNTAX);
            return;
        }
        if (args.size() == 2) {
            List<byte[]> popped = store.setPop(args.get(1), 1);
            out.bulkString(popped == null || popped.isEmpty() ? null : popped.get(0));
            return;
        }
        long count = count(args.get(2), false, out);
        if (count < 0) {
            return;
        }
        List<byte[]> popped = store.setPop(args.get(1), count);
        bulkArray(popped == null ? List.of() : popped, out);
    }

    private void smembers(List<byte[]> args, RespWriter out) {
        bulkArray(store.setMembers(args.get(1)), out);
    }

    private void scard(List<byte[]> args, RespWriter out) {
        out.integer(store.setSize(args.get(1)));
    }

    private void sismember(List<byte[]> args, RespWriter out) {
        out.integer(store.setContains(args.get(1), args.get(2)) ? 1 : 0);
    }

    // ---- hashes

    private void hset(List<byte[]> args, RespWriter out) {
        if (args.size() % 2 != 0) {
            out.error(wrongArity("hset"));
            return;
        }
        out.integer(store.hashSet(args.get(1), args.subList(2, args.size())));
    }

    private void hget(List<byte[]> args, RespWriter out) {
        out.bulkString(store.hashGet(args.get(1), args.get(2)));
    }

    private void hgetall(List<byte[]> args, RespWriter out) {
        bulkArray(store.hashGetAll(args.get(1)), out);
    }

    private void hdel(List<byte[]> args, RespWriter out) {
        out.integer(store.hashDelete(args.get(1), args.subList(2, args.size())));
    }

    // ---- sorted sets

    private void zadd(List<byte[]> args, RespWriter out) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 2;
        // options come first; the first argument that is not one starts the score-member pairs
        for (; i < args.size(); i++) {
            String option = upper(args.get(i));
            if (!isOneOf(args.get(i), "NX", "XX", "GT", "LT", "CH", "INCR")) {
                break;
            }
            nx |= option.equals("NX");
            xx |= option.equals("XX");
            gt |= option.equals("GT");
            lt |= option.equals("LT");
            ch |= option.equals("CH");
            incr |= option.equals("INCR");
        }
        int pairs = args.size() - i;
        if (pairs == 0 || pairs % 2 != 0) {
            out.error(SYNTAX);
            return;
        }
        if (nx && xx) {
            out.error("ERR XX and NX options at the same time are not compatible");
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            out.error("ERR GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && pairs > 2) {
            out.error("ERR INCR option supports a single increment-element pair");
            return;
        }
        double[] scores = new double[pairs / 2];
        List<byte[]> members = new java.util.ArrayList<>(pairs / 2);
        for (int j = 0; j < scores.length; j++) {
            try {
                scores[j] = RespNumbers.parseDouble(args.get(i + 2 * j));
            } catch (NumberFormatException e) {
                out.error(NOT_A_FLOAT);
                return;
            }
            members.add(args.get(i + 2 * j + 1));
        }
        RespStore.ZAddMode mode;
        if (nx) {
            mode = RespStore.ZAddMode.IF_ABSENT;
        } else if (xx) {
            mode = gt ? RespStore.ZAddMode.IF_PRESENT_AND_GREATER
                    : lt ? RespStore.ZAddMode.IF_PRESENT_AND_LESS : RespStore.ZAddMode.IF_PRESENT;
        } else {
            mode = gt ? RespStore.ZAddMode.IF_GREATER
                    : lt ? RespStore.ZAddMode.IF_LESS : RespStore.ZAddMode.ALWAYS;
        }
        if (incr) {
            Double score;
            try {
                score = store.zincrement(args.get(1), mode, scores[0], members.get(0));
            } catch (IllegalArgumentException e) {
                out.error("ERR resulting score is not a number (NaN)");
                return;
            }
            if (score == null) {
                out.nullBulkString();
            } else {
                out.bulkString(RespNumbers.formatDouble(score));
            }
            return;
        }
        out.integer(store.zadd(args.get(1), mode, ch, scores, members));
    }

    private void zscore(List<byte[]> args, RespWriter out) {
        Double score = store.zscore(args.get(1), args.get(2));
        if (score == null) {
            out.nullBulkString();
        } else {
            out.bulkString(RespNumbers.formatDouble(score));
        }
    }

    private void zpopmin(List<byte[]> args, RespWriter out) {
        if (args.size() > 3) {
            out.error(SYNTAX);
            return;
        }
        long count = 1;
        if (args.size() == 3) {
            count = count(args.get(2), false, out);
            if (count < 0) {
                return;
            }
        }
        scoredArray(store.zpopMin(args.get(1), count), true, out);
    }

    private void zrange(List<byte[]> args, RespWriter out) {
        boolean withScores = false;
        for (int i = 4; i < args.size(); i++) {
            if (isOneOf(args.get(i), "WITHSCORES")) {
                withScores = true;
            } else {
                out.error(SYNTAX);
                return;
            }
        }
        long[] bounds = indexes(args, out);
        if (bounds != null) {
            scoredArray(store.zrange(args.get(1), bounds[0], bounds[1]), withScores, out);
        }
    }

    private void zcard(List<byte[]> args, RespWriter out) {
        out.integer(store.zcard(args.get(1)));
    }

    // ---- streams

    private void xadd(List<byte[]> args, RespWriter out) {
        boolean makeStream = true;
        long maxLength = -1;
        int i = 2;
        while (i < args.size()) {
            String option = upper(args.get(i));
            if (option.equals("NOMKSTREAM")) {
                makeStream = false;
                i++;
            } else if (option.equals("MAXLEN")) {
                i++;
                if (i < args.size() && isOneOf(args.get(i), "=", "~")) {
                    i++;
                }
                if (i >= args.size()) {
                    out.error(SYNTAX);
                    return;
                }
                try {
                    maxLength = RespNumbers.parseLong(args.get(i));
                } catch (NumberFormatException e) {
                    out.error(WRONG_INTEGER);
                    return;
                }
                if (maxLength < 0) {
                    out.error("ERR The MAXLEN argument must be >= 0.");
                    return;
                }
                i++;
            } else if (option.equals("MINID") || option.equals("LIMIT")) {
                out.error("ERR XADD " + option + " is not supported by this server");
                return;
            } else {
                break;
            }
        }
        int rest = args.size() - i; // the id, then field-value pairs
        if (rest < 3 || rest % 2 == 0) {
            out.error(wrongArity("xadd"));
            return;
        }
        RespStore.StreamIdRequest id = streamId(args.get(i));
        if (id == null) {
            out.error("ERR Invalid stream ID specified as stream command argument");
            return;
        }
        RespStore.StreamId added;
        try {
            added = store.xadd(args.get(1), id, args.subList(i + 1, args.size()), makeStream, maxLength);
        } catch (RespStore.StreamIdException e) {
            out.error("ERR " + e.getMessage());
            return;
        }
        out.bulkString(added == null ? null : added.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code *}, {@code ms}, {@code ms-*} or {@code ms-seq}, unsigned decimals; null if none of them. */
    static RespStore.StreamIdRequest streamId(byte[] text) {
        String id = latin1(text);
        if (id.equals("*")) {
            return RespStore.StreamIdRequest.AUTO;
        }
        int dash = id.indexOf('-');
        String ms = dash < 0 ? id : id.substring(0, dash);
        String seq = dash < 0 ? "0" : id.substring(dash + 1);
        if (!isUnsignedDecimal(ms) || !(seq.equals("*") || isUnsignedDecimal(seq))) {
            return null;
        }
        try {
            long msValue = Long.parseUnsignedLong(ms);
            if (seq.equals("*")) {
                return new RespStore.StreamIdRequest(msValue, 0, false, true);
            }
            return new RespStore.StreamIdRequest(msValue, Long.parseUnsignedLong(seq), false, false);
        } catch (NumberFormatException e) {
            return null; // beyond 2^64 - 1
        }
    }

    private static boolean isUnsignedDecimal(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private void xlen(List<byte[]> args, RespWriter out) {
        out.integer(store.xlen(args.get(1)));
    }

    // ---- replies and arguments of collections

    private static void bulkArray(List<byte[]> elements, RespWriter out) {
        out.arrayHeader(elements.size());
        elements.forEach(out::bulkString);
    }

    private static void scoredArray(List<RespStore.ScoredMember> members, boolean withScores, RespWriter out) {
        out.arrayHeader(withScores ? members.size() * 2 : members.size());
        for (RespStore.ScoredMember m : members) {
            out.bulkString(m.member());
            if (withScores) {
                out.bulkString(RespNumbers.formatDouble(m.score()));
            }
        }
    }

    /** LRANGE's and ZRANGE's start and stop (args 2 and 3), or null after an error reply. */
    private static long[] indexes(List<byte[]> args, RespWriter out) {
        try {
            return new long[] {RespNumbers.parseLong(args.get(2)), RespNumbers.parseLong(args.get(3))};
        } catch (NumberFormatException e) {
            out.error(WRONG_INTEGER);
            return null;
        }
    }

    /**
     * A pop's count, 0 or more; -1 after an error reply. LPOP and RPOP answer a count that is
     * not a number as they answer a negative one ({@code popMessage}); SPOP and ZPOPMIN say it
     * is not an integer.
     */
    private static long count(byte[] argument, boolean popMessage, RespWriter out) {
        long count;
        try {
            count = RespNumbers.parseLong(argument);
        } catch (NumberFormatException e) {
            out.error(popMessage ? NOT_POSITIVE : WRONG_INTEGER);
            return -1;
        }
        if (count < 0) {
            out.error(NOT_POSITIVE);
            return -1;
        }
        return count;
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
