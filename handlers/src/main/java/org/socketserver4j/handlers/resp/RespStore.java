package org.socketserver4j.handlers.resp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The in-memory key-value store behind {@link RespHandler}: binary keys to values of one
 * {@link Type} each (strings, lists, sets, hashes, sorted sets, streams), each key with an
 * optional expiry. An operation on a key of another type throws {@link WrongTypeException}.
 * Safe for any number of threads: every operation on one key is atomic (a
 * {@link ConcurrentHashMap} compute), so {@code INCR} or {@code LPUSH} from many connections
 * at once loses no update. A collection is a plain, unsynchronized structure owned by its
 * entry: it is only ever read or changed inside a compute on its key, which holds that key's
 * lock, and what leaves the store is a new list (of the element arrays themselves, which
 * are immutable as string values are). An operation on several keys ({@code MSET},
 * {@code DEL a b}) is atomic per key, not as a whole.
 *
 * <p>Expiry needs no thread. A key is expired lazily when it is touched after its deadline,
 * and about one operation on a key in 64 (writes, and reads of collections) also runs a short sweep over a handful of the keys that have a
 * deadline (a cursor walks all of them in turn, like Redis's active expiry), so expired keys
 * nobody reads again do not pile up. {@link #size()} counts live keys only.
 *
 * <p>Values are stored as given and never modified: callers must not modify an array after
 * storing it or one they got back. Memory is bounded by design the way it is for strings: the
 * store holds only what clients wrote and have not removed, with no hidden growth. Each element
 * is one argument, so no larger than {@link RespLimits#maxBulkLength()}; a collection costs its
 * elements plus one node each; an emptied list, set, hash or sorted set is deleted at once
 * (as in Redis); a collection with an expiry is reclaimed by the same lazy expiry and sweep as
 * a string; a stream keeps only its entries and its last id, and XADD's {@code MAXLEN} trims
 * it. A read of a whole collection (SMEMBERS, HGETALL, LRANGE 0 -1) copies references to
 * its elements, not the elements. There is no eviction: the store grows until the heap is full, as Redis does without
 * {@code maxmemory}.
 *
 * <p>The store is per process. {@link #shared()} is the one every {@link RespHandler} made
 * without a store uses; under {@code ForkingServer} each connection runs in its own child JVM,
 * so each connection sees a store of its own that ends with it.
 */
public final class RespStore {

    /** A {@code ttlMillis} for {@link #set}: the value never expires. */
    public static final long NO_EXPIRY = -1;

    /** A {@code ttlMillis} for {@link #set}: keep the key's current expiry (SET's KEEPTTL). */
    public static final long KEEP_TTL = -2;

    /** {@link #ttlMillis} of a key that does not exist. */
    public static final long NO_KEY = -2;

    /** When {@link #set} writes. */
    public enum Condition {
        /** Always. */
        ALWAYS,
        /** Only if the key does not exist (SET's NX). */
        IF_ABSENT,
        /** Only if the key exists (SET's XX). */
        IF_PRESENT
    }

    private static final long NEVER = Long.MAX_VALUE;
    private static final int SWEEP_EVERY_WRITES = 64;
    private static final int SWEEP_BUDGET = 32;

    private static final class SharedHolder {
        static final RespStore SHARED = new RespStore();
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Keys that may have a deadline: a superset of those that have one. */
    private final Set<Key> expiring = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;
    private final LongSupplier wallClock;
    private final ReentrantLock sweepLock = new ReentrantLock();
    private Iterator<Key> sweepCursor;

    /** A store on the monotonic clock ({@link System#nanoTime()} in milliseconds). */
    public RespStore() {
        this(() -> System.nanoTime() / 1_000_000);
    }

    /**
     * A store on {@code clockMillis}, a clock in milliseconds that never goes back (its
     * origin does not matter): tests pass one they control.
     */
    public RespStore(LongSupplier clockMillis) {
        this(clockMillis, System::currentTimeMillis);
    }

    /**
     * A store on {@code clockMillis} for expiry and {@code wallClockMillis}, milliseconds since
     * the Unix epoch, for the ids XADD makes (they stay increasing if it goes back).
     */
    public RespStore(LongSupplier clockMillis, LongSupplier wallClockMillis) {
        this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
        this.wallClock = Objects.requireNonNull(wallClockMillis, "wallClockMillis");
    }

    /** The process-wide store of {@link RespHandler#RespHandler()}, made on first use. */
    public static RespStore shared() {
        return SharedHolder.SHARED;
    }

    /**
     * The string value of {@code key}, or null if it does not exist.
     *
     * @throws WrongTypeException if the key holds another type
     */
    public byte[] get(byte[] key) {
        Key k = new Key(key);
        Entry e = live(k, clock.getAsLong());
        if (e == null) {
            return null;
        }
        if (e.value instanceof byte[] value) {
            return value;
        }
        throw new WrongTypeException();
    }

    /** The type of {@code key}, or null if it does not exist. */
    public Type type(byte[] key) {
        Entry e = live(new Key(key), clock.getAsLong());
        return e == null ? null : Type.of(e.value);
    }

    /** Sets {@code key} to {@code value} without expiry. */
    public void set(byte[] key, byte[] value) {
        set(key, value, Condition.ALWAYS, NO_EXPIRY);
    }

    /**
     * Sets {@code key} to {@code value} if {@code condition} holds.
     *
     * @param ttlMillis how long the key lives, positive; or {@link #NO_EXPIRY}, or
     *     {@link #KEEP_TTL}
     * @return whether the value was set
     * @throws IllegalArgumentException if {@code ttlMillis} is zero or another negative value
     * @throws ArithmeticException if the deadline is beyond the clock's range
     */
    public boolean set(byte[] key, byte[] value, Condition condition, long ttlMillis) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(condition, "condition");
        long now = clock.getAsLong();
        boolean keepTtl = ttlMillis == KEEP_TTL;
        long deadline;
        if (ttlMillis > 0) {
            deadline = Math.addExact(now, ttlMillis);
        } else if (ttlMillis == NO_EXPIRY || keepTtl) {
            deadline = NEVER;
        } else {
            throw new IllegalArgumentException("ttlMillis must be positive, NO_EXPIRY or KEEP_TTL: "
                    + ttlMillis);
        }
        Key k = new Key(key);
        boolean[] done = new boolean[1];
        Entry stored = entries.compute(k, (unused, old) -> {
            Entry current = old == null || old.expiredAt(now) ? null : old;
            boolean write = switch (condition) {
                case ALWAYS -> true;
                case IF_ABSENT -> current == null;
                case IF_PRESENT -> current != null;
            };
            if (!write) {
                return current;
            }
            done[0] = true;
            long expiry = keepTtl && current != null ? current.deadline : deadline;
            return new Entry(value, expiry);
        });
        afterWrite(k, stored, now);
        return done[0];
    }

    /** Deletes {@code key}; returns whether it existed (an expired key did not). */
    public boolean delete(byte[] key) {
        long now = clock.getAsLong();
        Entry removed = entries.remove(new Key(key));
        afterWrite(null, null, now);
        return removed != null && !removed.expiredAt(now);
    }

    /** Whether {@code key} exists. */
    public boolean exists(byte[] key) {
        return live(new Key(key), clock.getAsLong()) != null;
    }

    /**
     * Adds {@code delta} to the integer value of {@code key} (0 if missing), atomically, and
     * returns the result. The key keeps its expiry.
     *
     * @throws NumberFormatException if the value is not a decimal 64-bit integer
     * @throws ArithmeticException if the result overflows
     * @throws WrongTypeException if the key holds another type than a string
     */
    public long incrementBy(byte[] key, long delta) {
        long now = clock.getAsLong();
        Key k = new Key(key);
        long[] result = new long[1];
        Entry stored = entries.compute(k, (unused, old) -> {
            Entry current = old == null || old.expiredAt(now) ? null : old;
            if (current != null && !(current.value instanceof byte[])) {
                throw new WrongTypeException();
            }
            long value = current == null ? 0 : RespNumbers.parseLong((byte[]) current.value);
            result[0] = Math.addExact(value, delta);
            return new Entry(RespNumbers.toBytes(result[0]), current == null ? NEVER : current.deadline);
        });
        afterWrite(k, stored, now);
        return result[0];
    }

    /**
     * Gives {@code key} a time to live; a non-positive one deletes it at once (as Redis does).
     *
     * @return whether the key exists (existed, when deleted)
     * @throws ArithmeticException if the deadline is beyond the clock's range
     */
    public boolean expire(byte[] key, long ttlMillis) {
        long now = clock.getAsLong();
        long deadline = ttlMillis <= 0 ? now : Math.addExact(now, ttlMillis);
        Key k = new Key(key);
        boolean[] found = new boolean[1];
        Entry stored = entries.computeIfPresent(k, (unused, old) -> {
            if (old.expiredAt(now)) {
                return null;
            }
            found[0] = true;
            return ttlMillis <= 0 ? null : new Entry(old.value, deadline);
        });
        afterWrite(k, stored, now);
        return found[0];
    }

    /**
     * The time {@code key} has left, in milliseconds (0 at most at its deadline);
     * {@link #NO_EXPIRY} if it has no expiry; {@link #NO_KEY} if it does not exist.
     */
    public long ttlMillis(byte[] key) {
        long now = clock.getAsLong();
        Entry e = live(new Key(key), now);
        if (e == null) {
            return NO_KEY;
        }
        return e.deadline == NEVER ? NO_EXPIRY : Math.max(0, e.deadline - now);
    }

    /**
     * The number of live keys. Expired keys are reclaimed first, which costs a pass over the
     * keys that have a deadline.
     */
    public long size() {
        long now = clock.getAsLong();
        for (Key k : expiring) {
            reclaim(k, now);
        }
        return entries.mappingCount();
    }

    /** Deletes every key. */
    public void clear() {
        entries.clear();
        expiring.clear();
    }

    // ---- types

    /** The type of a key's value, as Redis's TYPE names it. */
    public enum Type {
        /** A binary string (also what INCR counts in). */
        STRING,
        /** A list: LPUSH, RPUSH, LPOP, RPOP, LRANGE, LLEN. */
        LIST,
        /** A set: SADD, SPOP, SMEMBERS, SCARD, SISMEMBER. */
        SET,
        /** A hash: HSET, HGET, HGETALL, HDEL. */
        HASH,
        /** A sorted set: ZADD, ZPOPMIN, ZRANGE, ZSCORE, ZCARD. */
        ZSET,
        /** A stream: XADD, XLEN. */
        STREAM;

        /** The name TYPE replies: {@code string}, {@code list}, ... */
        public String redisName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type of(Object value) {
            if (value instanceof byte[]) {
                return STRING;
            } else if (value instanceof ListValue) {
                return LIST;
            } else if (value instanceof SetValue) {
                return SET;
            } else if (value instanceof HashValue) {
                return HASH;
            } else if (value instanceof ZSetValue) {
                return ZSET;
            }
            return STREAM;
        }
    }

    /** An operation on a key that holds a value of another type. */
    public static final class WrongTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Redis's text of the error. */
        public static final String MESSAGE = "WRONGTYPE Operation against a key holding the wrong kind of value";

        WrongTypeException() {
            super(MESSAGE, null, false, false);
        }
    }

    /** A member of a sorted set and its score. */
    public record ScoredMember(byte[] member, double score) {}

    /** A stream entry id: two unsigned 64-bit numbers, milliseconds and a sequence number. */
    public record StreamId(long ms, long seq) implements Comparable<StreamId> {
        /** {@code 0-0}, below every id a stream may hold. */
        public static final StreamId ZERO = new StreamId(0, 0);

        @Override
        public int compareTo(StreamId other) {
            int byMs = Long.compareUnsigned(ms, other.ms);
            return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
        }

        /** {@code ms-seq}, both unsigned decimal. */
        @Override
        public String toString() {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
        }
    }

    /**
     * The id XADD asks for: {@code *} (both parts generated), {@code ms-*} (the sequence
     * generated) or an explicit {@code ms-seq}.
     *
     * @param ms the milliseconds, unless {@code autoMs}
     * @param seq the sequence number, unless {@code autoSeq}
     */
    public record StreamIdRequest(long ms, long seq, boolean autoMs, boolean autoSeq) {
        /** {@code *}. */
        public static final StreamIdRequest AUTO = new StreamIdRequest(0, 0, true, true);
    }

    /** XADD refused the id: the message is Redis's error text without its {@code ERR}. */
    public static final class StreamIdException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamIdException(String message) {
            super(message, null, false, false);
        }
    }

    // ---- lists

    /**
     * Pushes {@code elements} in order onto the head ({@code left}, LPUSH) or tail (RPUSH) of
     * the list at {@code key}, made if missing; returns the list's new length.
     */
    public long push(byte[] key, boolean left, List<byte[]> elements) {
        return update(key, ListValue.class, ListValue::new, list -> {
            for (byte[] element : elements) {
                if (left) {
                    list.elements.addFirst(Objects.requireNonNull(element, "element"));
                } else {
                    list.elements.addLast(Objects.requireNonNull(element, "element"));
                }
            }
            return (long) list.elements.size();
        });
    }

    /**
     * Pops up to {@code count} elements from the head ({@code left}) or tail of the list at
     * {@code key}; null if the key does not exist. An emptied list is deleted.
     */
    public List<byte[]> pop(byte[] key, boolean left, long count) {
        return update(key, ListValue.class, null, list -> {
            int n = (int) Math.min(count, list.elements.size());
            List<byte[]> popped = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                popped.add(left ? list.elements.pollFirst() : list.elements.pollLast());
            }
            return popped;
        });
    }

    /** The length of the list at {@code key}, 0 if it does not exist. */
    public long listLength(byte[] key) {
        Integer size = read(key, ListValue.class, list -> list.elements.size());
        return size == null ? 0 : size;
    }

    /**
     * The elements {@code start} to {@code stop}, both included, of the list at {@code key};
     * negative indexes count from the end ({@code -1} is the last), as LRANGE's do.
     */
    public List<byte[]> range(byte[] key, long start, long stop) {
        List<byte[]> result = read(key, ListValue.class, list -> {
            int size = list.elements.size();
            long[] bounds = clampRange(start, stop, size);
            List<byte[]> slice = new ArrayList<>((int) Math.max(0, bounds[1] - bounds[0] + 1));
            if (bounds[1] < bounds[0]) {
                return slice;
            }
            // walk from the nearer end: LRANGE -10 -1 of a long list reads about 10 elements
            if (bounds[0] <= size - 1 - bounds[1]) {
                Iterator<byte[]> it = list.elements.iterator();
                for (long i = 0; i <= bounds[1]; i++) {
                    byte[] element = it.next();
                    if (i >= bounds[0]) {
                        slice.add(element);
                    }
                }
            } else {
                Iterator<byte[]> it = list.elements.descendingIterator();
                for (long i = size - 1; i >= bounds[0]; i--) {
                    byte[] element = it.next();
                    if (i <= bounds[1]) {
                        slice.add(element);
                    }
                }
                java.util.Collections.reverse(slice);
            }
            return slice;
        });
        return result == null ? List.of() : result;
    }

    /** Redis's range clamping: {@code [start, stop]} within {@code [0, size)}, or empty (stop < start). */
    private static long[] clampRange(long start, long stop, int size) {
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (stop < 0) {
            stop = size + stop;
        }
        if (stop >= size) {
            stop = size - 1L;
        }
        return start > stop ? new long[] {0, -1} : new long[] {start, stop};
    }

    // ---- sets

    /** Adds {@code members} to the set at {@code key}, made if missing; returns how many were new. */
    public long setAdd(byte[] key, List<byte[]> members) {
        return update(key, SetValue.class, SetValue::new, set -> {
            long added = 0;
            for (byte[] member : members) {
                if (set.add(new Key(member))) {
                    added++;
                }
            }
            return added;
        });
    }

    /**
     * Removes and returns up to {@code count} members of the set at {@code key}, chosen at
     * random; null if the key does not exist. An emptied set is deleted.
     */
    public List<byte[]> setPop(byte[] key, long count) {
        return update(key, SetValue.class, null, set -> {
            int n = (int) Math.min(count, set.members.size());
            List<byte[]> popped = new ArrayList<>(n);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < n; i++) {
                popped.add(set.removeAt(random.nextInt(set.members.size())).bytes);
            }
            return popped;
        });
    }

    /** The members of the set at {@code key}, in no particular order; empty if it does not exist. */
    public List<byte[]> setMembers(byte[] key) {
        List<byte[]> result = read(key, SetValue.class,
                set -> set.members.stream().map(k -> k.bytes).toList());
        return result == null ? List.of() : result;
    }

    /** The number of members of the set at {@code key}, 0 if it does not exist. */
    public long setSize(byte[] key) {
        Integer size = read(key, SetValue.class, set -> set.members.size());
        return size == null ? 0 : size;
    }

    /** Whether {@code member} is in the set at {@code key}. */
    public boolean setContains(byte[] key, byte[] member) {
        Key m = new Key(member);
        return Boolean.TRUE.equals(read(key, SetValue.class, set -> set.index.containsKey(m)));
    }

    // ---- hashes

    /**
     * Sets fields to values in the hash at {@code key}, made if missing; {@code fieldsAndValues}
     * alternates field, value. Returns how many fields were new.
     */
    public long hashSet(byte[] key, List<byte[]> fieldsAndValues) {
        if (fieldsAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("fields and values must come in pairs");
        }
        return update(key, HashValue.class, HashValue::new, hash -> {
            long added = 0;
            for (int i = 0; i < fieldsAndValues.size(); i += 2) {
                byte[] value = Objects.requireNonNull(fieldsAndValues.get(i + 1), "value");
                if (hash.fields.put(new Key(fieldsAndValues.get(i)), value) == null) {
                    added++;
                }
            }
            return added;
        });
    }

    /** The value of {@code field} in the hash at {@code key}, or null. */
    public byte[] hashGet(byte[] key, byte[] field) {
        Key f = new Key(field);
        return read(key, HashValue.class, hash -> hash.fields.get(f));
    }

    /** The fields and values of the hash at {@code key}, alternating; empty if it does not exist. */
    public List<byte[]> hashGetAll(byte[] key) {
        List<byte[]> result = read(key, HashValue.class, hash -> {
            List<byte[]> all = new ArrayList<>(hash.fields.size() * 2);
            hash.fields.forEach((field, value) -> {
                all.add(field.bytes);
                all.add(value);
            });
            return all;
        });
        return result == null ? List.of() : result;
    }

    /** Deletes {@code fields} from the hash at {@code key}; returns how many existed. An emptied hash is deleted. */
    public long hashDelete(byte[] key, List<byte[]> fields) {
        Long removed = update(key, HashValue.class, null, hash -> {
            long n = 0;
            for (byte[] field : fields) {
                if (hash.fields.remove(new Key(field)) != null) {
                    n++;
                }
            }
            return n;
        });
        return removed == null ? 0 : removed;
    }

    // ---- sorted sets

    /** When ZADD writes a member's score. */
    public enum ZAddMode {
        /** Always (no option). */
        ALWAYS,
        /** Only new members (NX). */
        IF_ABSENT,
        /** Only existing members (XX). */
        IF_PRESENT,
        /** New members, and existing ones whose new score is greater (GT). */
        IF_GREATER,
        /** New members, and existing ones whose new score is less (LT). */
        IF_LESS,
        /** Only existing members whose new score is greater (XX GT). */
        IF_PRESENT_AND_GREATER,
        /** Only existing members whose new score is less (XX LT). */
        IF_PRESENT_AND_LESS
    }

    /**
     * Adds members with scores to the sorted set at {@code key} (made if missing and a member
     * is added), or updates their scores, as {@code mode} allows. Returns how many members
     * were added, plus how many scores changed if {@code countChanged} (ZADD's CH).
     *
     * @param scores one per member, not NaN
     */
    public long zadd(byte[] key, ZAddMode mode, boolean countChanged, double[] scores, List<byte[]> members) {
        if (scores.length != members.size()) {
            throw new IllegalArgumentException("one score per member");
        }
        for (double score : scores) {
            if (Double.isNaN(score)) {
                throw new IllegalArgumentException("a score must not be NaN");
            }
        }
        boolean mayCreate = mode != ZAddMode.IF_PRESENT && mode != ZAddMode.IF_PRESENT_AND_GREATER
                && mode != ZAddMode.IF_PRESENT_AND_LESS;
        Long result = update(key, ZSetValue.class, mayCreate ? ZSetValue::new : null, zset -> {
            long added = 0;
            long changed = 0;
            for (int i = 0; i < scores.length; i++) {
                double score = scores[i] == 0.0 ? 0.0 : scores[i]; // -0 is 0, as Redis compares
                Key member = new Key(members.get(i));
                Double old = zset.scores.get(member);
                boolean write = old == null
                        ? mayCreate
                        : switch (mode) {
                            case ALWAYS, IF_PRESENT -> true;
                            case IF_ABSENT -> false;
                            case IF_GREATER, IF_PRESENT_AND_GREATER -> score > old;
                            case IF_LESS, IF_PRESENT_AND_LESS -> score < old;
                        };
                if (!write) {
                    continue;
                }
                if (old == null) {
                    added++;
                } else if (old != score) {
                    changed++;
                    zset.order.remove(new ZItem(old, member));
                } else {
                    continue;
                }
                zset.scores.put(member, score);
                zset.order.add(new ZItem(score, member));
            }
            return countChanged ? added + changed : added;
        });
        return result == null ? 0 : result;
    }

    /**
     * Adds {@code increment} to the score of {@code member} (0 if it is not in the set) in the
     * sorted set at {@code key}, made if missing, as {@code mode} allows (ZADD's INCR); returns
     * the new score, or null if {@code mode} did not allow it.
     *
     * @throws IllegalArgumentException if the increment or the result is NaN (inf plus -inf)
     */
    public Double zincrement(byte[] key, ZAddMode mode, double increment, byte[] member) {
        if (Double.isNaN(increment)) {
            throw new IllegalArgumentException("an increment must not be NaN");
        }
        boolean mayCreate = mode != ZAddMode.IF_PRESENT && mode != ZAddMode.IF_PRESENT_AND_GREATER
                && mode != ZAddMode.IF_PRESENT_AND_LESS;
        Key m = new Key(member);
        List<Double> result = new ArrayList<>(1);
        update(key, ZSetValue.class, mayCreate ? ZSetValue::new : null, zset -> {
            Double old = zset.scores.get(m);
            double score;
            if (old == null) {
                if (!mayCreate) {
                    return null;
                }
                score = increment;
            } else {
                score = old + increment;
                if (Double.isNaN(score)) {
                    throw new IllegalArgumentException("resulting score is not a number (NaN)");
                }
                boolean write = switch (mode) {
                    case ALWAYS, IF_PRESENT -> true;
                    case IF_ABSENT -> false;
                    case IF_GREATER, IF_PRESENT_AND_GREATER -> score > old;
                    case IF_LESS, IF_PRESENT_AND_LESS -> score < old;
                };
                if (!write) {
                    return null;
                }
                zset.order.remove(new ZItem(old, m));
            }
            score = score == 0.0 ? 0.0 : score;
            zset.scores.put(m, score);
            zset.order.add(new ZItem(score, m));
            result.add(score);
            return null;
        });
        return result.isEmpty() ? null : result.get(0);
    }

    /** The score of {@code member} in the sorted set at {@code key}, or null. */
    public Double zscore(byte[] key, byte[] member) {
        Key m = new Key(member);
        return read(key, ZSetValue.class, zset -> zset.scores.get(m));
    }

    /**
     * Removes and returns up to {@code count} members with the lowest scores (ties by member,
     * bytewise), lowest first; empty if the key does not exist. An emptied sorted set is deleted.
     */
    public List<ScoredMember> zpopMin(byte[] key, long count) {
        List<ScoredMember> result = update(key, ZSetValue.class, null, zset -> {
            int n = (int) Math.min(count, zset.order.size());
            List<ScoredMember> popped = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ZItem first = zset.order.pollFirst();
                zset.scores.remove(first.member);
                popped.add(new ScoredMember(first.member.bytes, first.score));
            }
            return popped;
        });
        return result == null ? List.of() : result;
    }

    /**
     * The members ranked {@code start} to {@code stop} (both included, 0 the lowest score;
     * negative ranks count from the highest) of the sorted set at {@code key}.
     */
    public List<ScoredMember> zrange(byte[] key, long start, long stop) {
        List<ScoredMember> result = read(key, ZSetValue.class, zset -> {
            long[] bounds = clampRange(start, stop, zset.order.size());
            List<ScoredMember> slice = new ArrayList<>((int) Math.max(0, bounds[1] - bounds[0] + 1));
            long i = 0;
            for (ZItem item : zset.order) {
                if (i > bounds[1]) {
                    break;
                }
                if (i++ >= bounds[0]) {
                    slice.add(new ScoredMember(item.member.bytes, item.score));
                }
            }
            return slice;
        });
        return result == null ? List.of() : result;
    }

    /** The number of members of the sorted set at {@code key}, 0 if it does not exist. */
    public long zcard(byte[] key) {
        Integer size = read(key, ZSetValue.class, zset -> zset.scores.size());
        return size == null ? 0 : size;
    }

    // ---- streams

    /**
     * Appends an entry of {@code fieldsAndValues} (alternating) to the stream at {@code key}
     * and returns its id; null if the key does not exist and {@code makeStream} is false
     * (XADD's NOMKSTREAM). An id made for {@code *} is the wall clock's milliseconds, or the
     * last id's if the clock is behind it, with a sequence number that makes it greater than
     * the last id. After adding, the oldest entries are trimmed so that at most
     * {@code maxLength} remain, unless it is negative (no MAXLEN).
     *
     * @throws StreamIdException if the id is not greater than the stream's last id, or is 0-0
     */
    public StreamId xadd(byte[] key, StreamIdRequest id, List<byte[]> fieldsAndValues, boolean makeStream,
            long maxLength) {
        if (fieldsAndValues.isEmpty() || fieldsAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("fields and values must come in pairs, at least one");
        }
        byte[][] fields = fieldsAndValues.toArray(new byte[0][]);
        return update(key, StreamValue.class, makeStream ? StreamValue::new : null, stream -> {
            StreamId next = stream.nextId(id, wallClock.getAsLong());
            stream.entries.addLast(new StreamEntry(next, fields));
            stream.last = next;
            if (maxLength >= 0) {
                while (stream.entries.size() > maxLength) {
                    stream.entries.pollFirst();
                }
            }
            return next;
        });
    }

    /** The number of entries of the stream at {@code key}, 0 if it does not exist. */
    public long xlen(byte[] key) {
        Integer size = read(key, StreamValue.class, stream -> stream.entries.size());
        return size == null ? 0 : size;
    }

    // ---- collections, under their key's lock

    /**
     * Runs {@code action} on the live value of {@code key}, of type {@code type}, inside a
     * compute on the key, so under its lock; a missing key gets a new value from
     * {@code create}, or, if that is null, {@code action} does not run and the result is null.
     * An emptied collection is deleted. {@code action} must check before it changes anything:
     * an exception it throws leaves the key as it was.
     */
    private <C, R> R update(byte[] key, Class<C> type, Supplier<C> create, Function<C, R> action) {
        long now = clock.getAsLong();
        Key k = new Key(key);
        List<R> result = new ArrayList<>(1);
        Entry stored = entries.compute(k, (unused, old) -> {
            Entry current = old == null || old.expiredAt(now) ? null : old;
            C value;
            if (current == null) {
                if (create == null) {
                    return null;
                }
                value = create.get();
            } else if (type.isInstance(current.value)) {
                value = type.cast(current.value);
            } else {
                throw new WrongTypeException();
            }
            result.add(action.apply(value));
            if (value instanceof Emptiable e && e.isEmpty()) {
                return null;
            }
            return current != null ? current : new Entry(value, NEVER);
        });
        afterWrite(k, stored, now);
        return result.isEmpty() ? null : result.get(0);
    }

    /** {@link #update} for a read: a missing key is not made, and nothing changes. */
    private <C, R> R read(byte[] key, Class<C> type, Function<C, R> action) {
        return update(key, type, null, action);
    }

    /** A list, set, hash or sorted set: deleted when emptied. (A stream may be empty.) */
    private interface Emptiable {
        boolean isEmpty();
    }

    private static final class ListValue implements Emptiable {
        final ArrayDeque<byte[]> elements = new ArrayDeque<>();

        @Override
        public boolean isEmpty() {
            return elements.isEmpty();
        }
    }

    /** Members in an array list with an index of their positions, for an O(1) random pop. */
    private static final class SetValue implements Emptiable {
        final ArrayList<Key> members = new ArrayList<>();
        final HashMap<Key, Integer> index = new HashMap<>();

        boolean add(Key member) {
            if (index.putIfAbsent(member, members.size()) != null) {
                return false;
            }
            members.add(member);
            return true;
        }

        Key removeAt(int position) {
            Key removed = members.get(position);
            Key last = members.remove(members.size() - 1);
            if (position < members.size()) {
                members.set(position, last);
                index.put(last, position);
            }
            index.remove(removed);
            return removed;
        }

        @Override
        public boolean isEmpty() {
            return members.isEmpty();
        }
    }

    private static final class HashValue implements Emptiable {
        final LinkedHashMap<Key, byte[]> fields = new LinkedHashMap<>();

        @Override
        public boolean isEmpty() {
            return fields.isEmpty();
        }
    }

    /** A member and its score, ordered by score, then member bytes (unsigned), as in Redis. */
    private record ZItem(double score, Key member) {}

    private static final Comparator<ZItem> Z_ORDER = Comparator.<ZItem>comparingDouble(ZItem::score)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.member.bytes, b.member.bytes));

    private static final class ZSetValue implements Emptiable {
        final HashMap<Key, Double> scores = new HashMap<>();
        final TreeSet<ZItem> order = new TreeSet<>(Z_ORDER);

        @Override
        public boolean isEmpty() {
            return scores.isEmpty();
        }
    }

    private record StreamEntry(StreamId id, byte[][] fieldsAndValues) {}

    private static final class StreamValue {
        final ArrayDeque<StreamEntry> entries = new ArrayDeque<>();
        StreamId last = StreamId.ZERO;

        /** The id {@code request} makes after {@link #last}; checks before anything changes. */
        StreamId nextId(StreamIdRequest request, long wallMillis) {
            if (request.autoMs()) {
                long ms = Long.compareUnsigned(wallMillis, last.ms()) > 0 ? wallMillis : last.ms();
                if (ms != last.ms()) {
                    return new StreamId(ms, 0);
                }
                if (last.seq() != -1L) {
                    return new StreamId(ms, last.seq() + 1);
                }
                if (ms == -1L) {
                    throw new StreamIdException("The stream has exhausted the last possible ID, unable to add more items");
                }
                return new StreamId(ms + 1, 0);
            }
            StreamId id;
            if (request.autoSeq()) {
                int byMs = Long.compareUnsigned(request.ms(), last.ms());
                if (byMs > 0) {
                    id = new StreamId(request.ms(), 0);
                } else if (byMs == 0 && last.seq() != -1L) {
                    id = new StreamId(request.ms(), last.seq() + 1);
                } else {
                    throw new StreamIdException("The ID specified in XADD is equal or smaller than the target stream top item");
                }
            } else {
                id = new StreamId(request.ms(), request.seq());
                if (id.equals(StreamId.ZERO)) {
                    throw new StreamIdException("The ID specified in XADD must be greater than 0-0");
                }
                if (id.compareTo(last) <= 0) {
                    throw new StreamIdException("The ID specified in XADD is equal or smaller than the target stream top item");
                }
            }
            return id;
        }
    }

    /** Entries held, expired ones not yet reclaimed included: what the sweep keeps small. */
    long storedEntries() {
        return entries.mappingCount();
    }

    /** The entry of {@code k} if it exists and has not expired; an expired one is removed. */
    private Entry live(Key k, long now) {
        Entry e = entries.get(k);
        if (e == null) {
            return null;
        }
        if (e.expiredAt(now)) {
            entries.remove(k, e);
            return null;
        }
        return e;
    }

    /** Tracks a new deadline of {@code k}, and now and then sweeps. */
    private void afterWrite(Key k, Entry stored, long now) {
        if (k != null && stored != null && stored.deadline != NEVER) {
            expiring.add(k);
        }
        // one write in SWEEP_EVERY_WRITES, on average, with no counter shared between threads
        if (ThreadLocalRandom.current().nextInt(SWEEP_EVERY_WRITES) == 0) {
            sweep(now);
        }
    }

    /** Checks a few keys with deadlines, continuing where the last sweep stopped. */
    private void sweep(long now) {
        if (!sweepLock.tryLock()) {
            return; // another thread is sweeping
        }
        try {
            for (int i = 0; i < SWEEP_BUDGET; i++) {
                if (sweepCursor == null || !sweepCursor.hasNext()) {
                    sweepCursor = expiring.iterator();
                    if (!sweepCursor.hasNext()) {
                        sweepCursor = null;
                        return;
                    }
                }
                reclaim(sweepCursor.next(), now);
            }
        } finally {
            sweepLock.unlock();
        }
    }

    /** Removes {@code k} if expired, and forgets it as expiring if it no longer has a deadline. */
    private void reclaim(Key k, long now) {
        Entry e = entries.get(k);
        if (e != null && e.expiredAt(now)) {
            entries.remove(k, e);
            e = entries.get(k);
        }
        if (e == null || e.deadline == NEVER) {
            expiring.remove(k);
            // a writer may have given it a deadline in between: it adds the key after its
            // write, so either it is added again now or this check sees that write
            Entry again = entries.get(k);
            if (again != null && again.deadline != NEVER) {
                expiring.add(k);
            }
        }
    }

    /**
     * A value and its deadline ({@link #NEVER} for none). A string value is an immutable
     * array; a collection is changed in place, only inside a compute on its key.
     */
    private record Entry(Object value, long deadline) {
        boolean expiredAt(long now) {
            return now > deadline;
        }
    }

    /** A binary key with content equality. */
    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = Objects.requireNonNull(bytes, "key");
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
