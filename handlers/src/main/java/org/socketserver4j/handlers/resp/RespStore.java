package org.socketserver4j.handlers.resp;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The in-memory key-value store behind {@link RespHandler}: binary keys to binary string
 * values, each with an optional expiry. Safe for any number of threads: every operation on
 * one key is atomic (a {@link ConcurrentHashMap} compute), so {@code INCR} from many
 * connections at once loses no update. An operation on several keys ({@code MSET},
 * {@code DEL a b}) is atomic per key, not as a whole.
 *
 * <p>Expiry needs no thread. A key is expired lazily when it is touched after its deadline,
 * and about one write in 64 also runs a short sweep over a handful of the keys that have a
 * deadline (a cursor walks all of them in turn, like Redis's active expiry), so expired keys
 * nobody reads again do not pile up. {@link #size()} counts live keys only.
 *
 * <p>Values are stored as given and never modified: callers must not modify an array after
 * storing it or one they got back. There is no eviction: the store grows until the heap is
 * full, as Redis does without {@code maxmemory}.
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
        this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** The process-wide store of {@link RespHandler#RespHandler()}, made on first use. */
    public static RespStore shared() {
        return SharedHolder.SHARED;
    }

    /** The value of {@code key}, or null if it does not exist. */
    public byte[] get(byte[] key) {
        Key k = new Key(key);
        Entry e = live(k, clock.getAsLong());
        return e == null ? null : e.value;
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
     */
    public long incrementBy(byte[] key, long delta) {
        long now = clock.getAsLong();
        Key k = new Key(key);
        long[] result = new long[1];
        Entry stored = entries.compute(k, (unused, old) -> {
            Entry current = old == null || old.expiredAt(now) ? null : old;
            long value = current == null ? 0 : RespNumbers.parseLong(current.value);
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

    /** A value and its deadline ({@link #NEVER} for none), both immutable. */
    private record Entry(byte[] value, long deadline) {
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
