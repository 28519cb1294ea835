package org.socketserver4j.handlers.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.socketserver4j.handlers.resp.Resp.bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store: values, conditions, integers, and expiry on a clock the test moves. */
class RespStoreTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RespStore store = new RespStore(now::get);

    @Test
    void setsGetsAndDeletesBinaryKeysAndValues() {
        byte[] key = {0, -1, '\r', '\n'};
        assertThat(store.get(key)).isNull();
        store.set(key, new byte[] {1, 2, 3});
        assertThat(store.get(new byte[] {0, -1, '\r', '\n'})).containsExactly(1, 2, 3);
        assertThat(store.exists(key)).isTrue();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.delete(key)).isTrue();
        assertThat(store.delete(key)).isFalse();
        assertThat(store.exists(key)).isFalse();
        assertThat(store.size()).isZero();
    }

    @Test
    void setObeysItsCondition() {
        assertThat(store.set(bytes("k"), bytes("1"), RespStore.Condition.IF_PRESENT, RespStore.NO_EXPIRY)).isFalse();
        assertThat(store.exists(bytes("k"))).isFalse();
        assertThat(store.set(bytes("k"), bytes("1"), RespStore.Condition.IF_ABSENT, RespStore.NO_EXPIRY)).isTrue();
        assertThat(store.set(bytes("k"), bytes("2"), RespStore.Condition.IF_ABSENT, RespStore.NO_EXPIRY)).isFalse();
        assertThat(store.get(bytes("k"))).isEqualTo(bytes("1"));
        assertThat(store.set(bytes("k"), bytes("3"), RespStore.Condition.IF_PRESENT, RespStore.NO_EXPIRY)).isTrue();
        assertThat(store.get(bytes("k"))).isEqualTo(bytes("3"));
    }

    @Test
    void aKeyExpiresAfterItsDeadlineNotAtIt() {
        store.set(bytes("k"), bytes("v"), RespStore.Condition.ALWAYS, 1500);
        assertThat(store.ttlMillis(bytes("k"))).isEqualTo(1500);
        now.addAndGet(1500);
        assertThat(store.ttlMillis(bytes("k"))).isZero();
        assertThat(store.get(bytes("k"))).isEqualTo(bytes("v"));
        now.incrementAndGet();
        assertThat(store.get(bytes("k"))).isNull();
        assertThat(store.exists(bytes("k"))).isFalse();
        assertThat(store.ttlMillis(bytes("k"))).isEqualTo(RespStore.NO_KEY);
        assertThat(store.size()).isZero();
    }

    @Test
    void anExpiredKeyCountsAsAbsentForConditionsAndDeletes() {
        store.set(bytes("k"), bytes("old"), RespStore.Condition.ALWAYS, 10);
        now.addAndGet(11);
        assertThat(store.delete(bytes("k"))).isFalse();
        store.set(bytes("k"), bytes("old"), RespStore.Condition.ALWAYS, 10);
        now.addAndGet(11);
        assertThat(store.set(bytes("k"), bytes("new"), RespStore.Condition.IF_PRESENT, RespStore.NO_EXPIRY)).isFalse();
        assertThat(store.set(bytes("k"), bytes("new"), RespStore.Condition.IF_ABSENT, RespStore.NO_EXPIRY)).isTrue();
        assertThat(store.ttlMillis(bytes("k"))).isEqualTo(RespStore.NO_EXPIRY);
        assertThat(store.expire(bytes("gone"), 1000)).isFalse();
    }

    @Test
    void setReplacesTheExpiryUnlessToldToKeepIt() {
        store.set(bytes("k"), bytes("v"), RespStore.Condition.ALWAYS, 5000);
        store.set(bytes("k"), bytes("w"), RespStore.Condition.ALWAYS, RespStore.KEEP_TTL);
        assertThat(store.ttlMillis(bytes("k"))).isEqualTo(5000);
        store.set(bytes("k"), bytes("x"));
        assertThat(store.ttlMillis(bytes("k"))).isEqualTo(RespStore.NO_EXPIRY);
        store.set(bytes("new"), bytes("x"), RespStore.Condition.ALWAYS, RespStore.KEEP_TTL);
        assertThat(store.ttlMillis(bytes("new"))).isEqualTo(RespStore.NO_EXPIRY);
    }

    @Test
    void expireSetsATimeToLiveAndANonPositiveOneDeletes() {
        store.set(bytes("k"), bytes("v"));
        assertThat(store.expire(bytes("k"), 2000)).isTrue();
        now.addAndGet(500);
        assertThat(store.ttlMillis(bytes("k"))).isEqualTo(1500);
        assertThat(store.expire(bytes("k"), 0)).isTrue();
        assertThat(store.exists(bytes("k"))).isFalse();
        assertThat(store.expire(bytes("k"), 10)).isFalse();
    }

    @Test
    void badTimesToLiveAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> store.set(bytes("k"), bytes("v"), RespStore.Condition.ALWAYS, 0));
        assertThatIllegalArgumentException().isThrownBy(
                () -> store.set(bytes("k"), bytes("v"), RespStore.Condition.ALWAYS, -7));
        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(
                () -> store.set(bytes("k"), bytes("v"), RespStore.Condition.ALWAYS, Long.MAX_VALUE));
        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(
                () -> store.expire(bytes("k"), Long.MAX_VALUE));
    }

    @Test
    void incrementParsesStrictlyKeepsTheExpiryAndRefusesOverflow() {
        assertThat(store.incrementBy(bytes("n"), 5)).isEqualTo(5);
        assertThat(store.incrementBy(bytes("n"), -7)).isEqualTo(-2);
        assertThat(store.get(bytes("n"))).isEqualTo(bytes("-2"));
        store.expire(bytes("n"), 1000);
        store.incrementBy(bytes("n"), 1);
        assertThat(store.ttlMillis(bytes("n"))).isEqualTo(1000);
        for (String notAnInteger : List.of("", "abc", " 1", "1 ", "+1", "01", "-0", "1.5", "9223372036854775808")) {
            store.set(bytes("s"), bytes(notAnInteger));
            assertThatExceptionOfType(NumberFormatException.class).as(notAnInteger)
                    .isThrownBy(() -> store.incrementBy(bytes("s"), 1));
            assertThat(store.get(bytes("s"))).isEqualTo(bytes(notAnInteger));
        }
        store.set(bytes("max"), bytes("9223372036854775807"));
        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> store.incrementBy(bytes("max"), 1));
        store.set(bytes("min"), bytes("-9223372036854775808"));
        assertThat(store.incrementBy(bytes("min"), 0)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anExpiredCounterStartsAgainFromZero() {
        store.set(bytes("n"), bytes("41"), RespStore.Condition.ALWAYS, 10);
        now.addAndGet(11);
        assertThat(store.incrementBy(bytes("n"), 1)).isEqualTo(1);
        assertThat(store.ttlMillis(bytes("n"))).isEqualTo(RespStore.NO_EXPIRY);
    }

    @Test
    void expiredKeysNobodyReadsAreReclaimedByTheSweepOfLaterWrites() {
        for (int i = 0; i < 500; i++) {
            store.set(bytes("temp" + i), bytes("v"), RespStore.Condition.ALWAYS, 100);
        }
        store.set(bytes("kept"), bytes("v"));
        now.addAndGet(101);
        assertThat(store.storedEntries()).isEqualTo(501);
        // writes to one other key only: no expired key is ever touched again. About one write
        // in 64 sweeps 32 keys, so these ~200 sweeps check every expiring key many times over.
        for (int i = 0; i < 64 * 200; i++) {
            store.incrementBy(bytes("counter"), 1);
        }
        assertThat(store.storedEntries()).isEqualTo(2);
        assertThat(store.get(bytes("kept"))).isEqualTo(bytes("v"));
    }

    @Test
    void sizeCountsLiveKeysOnlyAndClearEmpties() {
        store.set(bytes("a"), bytes("1"));
        store.set(bytes("b"), bytes("2"), RespStore.Condition.ALWAYS, 10);
        assertThat(store.size()).isEqualTo(2);
        now.addAndGet(11);
        assertThat(store.size()).isEqualTo(1);
        store.clear();
        assertThat(store.size()).isZero();
        assertThat(store.get(bytes("a"))).isNull();
    }

    @Test
    @Timeout(30)
    void concurrentIncrementsLoseNoUpdate() throws Exception {
        RespStore shared = new RespStore();
        int threads = 8;
        int each = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        shared.incrementBy(bytes("counter"), 1);
                        shared.incrementBy(bytes("down"), -1);
                        // churn on other keys, with deadlines, so sweeps run concurrently too
                        shared.set(bytes("k" + id + ":" + (i % 100)), bytes("v"), RespStore.Condition.ALWAYS, 1);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(shared.get(bytes("counter"))).isEqualTo(bytes(Integer.toString(threads * each)));
        assertThat(shared.get(bytes("down"))).isEqualTo(bytes(Integer.toString(-threads * each)));
    }

    @Test
    @Timeout(60)
    void concurrentCollectionWritesLoseNothingAndStreamIdsStrictlyIncrease() throws Exception {
        RespStore shared = new RespStore();
        int threads = 8;
        int each = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<RespStore.StreamId>>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    List<RespStore.StreamId> ids = new ArrayList<>(each);
                    for (int i = 0; i < each; i++) {
                        byte[] member = bytes(id + ":" + i);
                        shared.push(bytes("list"), i % 2 == 0, List.of(member));
                        shared.setAdd(bytes("set"), List.of(member));
                        shared.hashSet(bytes("hash"), List.of(member, member));
                        shared.zadd(bytes("zset"), RespStore.ZAddMode.ALWAYS, false, new double[] {i}, List.of(member));
                        ids.add(shared.xadd(bytes("stream"), RespStore.StreamIdRequest.AUTO, List.of(member, member), true, -1));
                        // a list pushed and popped empty, again and again: deleted and made anew
                        shared.push(bytes("churn"), true, List.of(member));
                        shared.pop(bytes("churn"), false, 1);
                    }
                    return ids;
                }));
            }
            start.countDown();
            List<RespStore.StreamId> all = new ArrayList<>();
            for (Future<List<RespStore.StreamId>> f : done) {
                List<RespStore.StreamId> ids = f.get(30, TimeUnit.SECONDS);
                // each thread sees its ids increase
                assertThat(ids).isSortedAccordingTo(RespStore.StreamId::compareTo);
                all.addAll(ids);
            }
            assertThat(all).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        int total = threads * each;
        assertThat(shared.listLength(bytes("list"))).isEqualTo(total);
        assertThat(shared.setSize(bytes("set"))).isEqualTo(total);
        assertThat(shared.hashGetAll(bytes("hash"))).hasSize(2 * total);
        assertThat(shared.zcard(bytes("zset"))).isEqualTo(total);
        assertThat(shared.xlen(bytes("stream"))).isEqualTo(total);
        assertThat(shared.exists(bytes("churn"))).isFalse();
        assertThat(shared.size()).isEqualTo(5);
    }

    @Test
    void rangeMatchesRedisClampingForEveryPairOfIndexes() {
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            store.push(bytes("l"), false, List.of(bytes("e" + i)));
            store.zadd(bytes("z"), RespStore.ZAddMode.ALWAYS, false, new double[] {i}, List.of(bytes("e" + i)));
            model.add("e" + i);
        }
        for (int start = -30; start <= 30; start++) {
            for (int stop = -30; stop <= 30; stop++) {
                int from = start < 0 ? Math.max(0, 25 + start) : start;
                int to = Math.min(24, stop < 0 ? 25 + stop : stop);
                List<String> expected = from > to ? List.of() : model.subList(from, to + 1);
                assertThat(store.range(bytes("l"), start, stop)).extracting(Resp::text)
                        .as("LRANGE %d %d", start, stop).isEqualTo(expected);
                assertThat(store.zrange(bytes("z"), start, stop)).extracting(m -> Resp.text(m.member()))
                        .as("ZRANGE %d %d", start, stop).isEqualTo(expected);
            }
        }
    }

    @Test
    void setPopTakesEveryMemberOnceAndDeletesTheSet() {
        List<byte[]> members = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            members.add(bytes("m" + i));
        }
        assertThat(store.setAdd(bytes("s"), members)).isEqualTo(1000);
        List<String> popped = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<byte[]> some = store.setPop(bytes("s"), 99);
            some.forEach(m -> popped.add(Resp.text(m)));
            assertThat(store.setSize(bytes("s"))).isEqualTo(1000 - popped.size());
        }
        store.setPop(bytes("s"), 1000).forEach(m -> popped.add(Resp.text(m)));
        assertThat(popped).hasSize(1000).doesNotHaveDuplicates();
        assertThat(store.exists(bytes("s"))).isFalse();
        assertThat(store.setPop(bytes("s"), 1)).isNull();
    }

    @Test
    void expiredCollectionsNobodyReadsAreReclaimedByTheSweep() {
        for (int i = 0; i < 200; i++) {
            store.push(bytes("l" + i), true, List.of(bytes("a")));
            store.expire(bytes("l" + i), 10);
        }
        now.addAndGet(11);
        for (int i = 0; i < 20_000 && store.storedEntries() > 1; i++) {
            store.set(bytes("w"), bytes("v"));
        }
        assertThat(store.storedEntries()).isEqualTo(1);
    }

    @Test
    void theSharedStoreIsOneStore() {
        assertThat(RespStore.shared()).isSameAs(RespStore.shared());
    }
}
