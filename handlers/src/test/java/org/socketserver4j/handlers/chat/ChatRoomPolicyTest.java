package org.socketserver4j.handlers.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.testing.FakeConnection;

/**
 * The slow-member policy, driven without sockets: senders are held while a member is behind,
 * for the hold period at most; a member behind for the soft period or past the hard cap is
 * dropped with a notice, and one that catches up stays.
 */
class ChatRoomPolicyTest {

    private static final String LINE = "x".repeat(1000);

    private static FakeConnection join(ChatRoom room, FakeConnection connection, String nickname) {
        connection.drive(new ChatHandler(room));
        connection.feed(nickname + "\n");
        assertThat(room.nicknames()).contains(nickname);
        connection.clientReads();
        return connection;
    }

    /** A member whose client reads everything at once: it never falls behind. */
    private static FakeConnection reader(ChatRoom room, String nickname) {
        return join(room, new FakeConnection(), nickname);
    }

    /**
     * A member whose client reads only when the test says, over watermarks of 4,096 and 1,024
     * bytes: ten lines of 1,000 bytes put it behind.
     */
    private static FakeConnection slow(ChatRoom room, String nickname) {
        return join(room, new FakeConnection(4096, 1024), nickname);
    }

    private static String lines(int n) {
        return (LINE + "\n").repeat(n);
    }

    private static long count(FakeConnection connection, String line) {
        return Arrays.stream(connection.outputText().split("\r\n")).filter(line::equals).count();
    }

    @Test
    void aSenderIsHeldWhileAMemberIsBehindAndGoesOnWhenAllCaughtUp() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = reader(room, "alice");
        FakeConnection bob = slow(room, "bob");
        FakeConnection carol = slow(room, "carol");

        alice.feed(lines(10));
        assertThat(room.behind()).containsExactly("bob", "carol");
        assertThat(alice.readingPaused()).as("the sender is held").isTrue();
        assertThat(room.heldSenders()).isEqualTo(1);
        assertThat(alice.feed("later\n")).as("nothing more is read from the sender").isFalse();

        bob.clientReads();
        assertThat(room.behind()).containsExactly("carol");
        assertThat(alice.readingPaused()).isTrue();

        carol.clientReads();
        assertThat(room.behind()).isEmpty();
        assertThat(alice.readingPaused()).isFalse();
        assertThat(room.heldSenders()).isZero();
        alice.feed("");
        assertThat(count(bob, "<alice> " + LINE)).isEqualTo(10);
        assertThat(count(carol, "<alice> " + LINE)).isEqualTo(10);
        assertThat(bob.outputText()).endsWith("<alice> later\r\n");
        assertThat(room.nicknames()).containsExactly("alice", "bob", "carol");
        assertThat(bob.isOpen()).isTrue();
        assertThat(carol.isOpen()).isTrue();
    }

    @Test
    void aMemberBehindForTheSoftPeriodIsDroppedAndTheSenderGoesOn() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = reader(room, "alice");
        FakeConnection bob = reader(room, "bob");
        FakeConnection carol = slow(room, "carol");

        alice.feed(lines(10));
        assertThat(alice.readingPaused()).isTrue();

        carol.runScheduled();
        assertThat(carol.isOpen()).isFalse();
        assertThat(carol.outputText()).contains("! disconnected: too slow");
        assertThat(room.nicknames()).containsExactly("alice", "bob");
        assertThat(room.behind()).isEmpty();
        assertThat(bob.outputText()).endsWith("* carol left (too slow)\r\n");
        assertThat(alice.outputText()).endsWith("* carol left (too slow)\r\n");
        assertThat(alice.readingPaused()).as("the sender goes on").isFalse();
        assertThat(count(bob, "<alice> " + LINE)).isEqualTo(10);
    }

    @Test
    void aMemberThatCatchesUpWithinThePeriodStays() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = reader(room, "alice");
        FakeConnection bob = slow(room, "bob");
        for (int burst = 0; burst < 5; burst++) {
            alice.feed(lines(10));
            assertThat(room.behind()).containsExactly("bob");
            bob.clientReads();
            assertThat(room.behind()).isEmpty();
            bob.runScheduled();
            alice.runScheduled();
        }
        assertThat(bob.isOpen()).isTrue();
        assertThat(room.nicknames()).containsExactly("alice", "bob");
        assertThat(count(bob, "<alice> " + LINE)).isEqualTo(50);
    }

    @Test
    void aMemberPastTheHardCapIsDroppedAtOnce() {
        ChatRoom room = new ChatRoom(Duration.ofSeconds(2), 8 * 1024);
        FakeConnection alice = reader(room, "alice");
        FakeConnection bob = reader(room, "bob");
        FakeConnection carol = slow(room, "carol");

        alice.feed(lines(30));
        assertThat(carol.isOpen()).isFalse();
        assertThat(carol.outputText()).contains("! disconnected: too slow")
                .contains("more than 8192 bytes were waiting");
        assertThat(count(carol, "<alice> " + LINE)).isLessThan(30);
        assertThat(count(bob, "<alice> " + LINE)).isEqualTo(30);
        assertThat(bob.outputText()).contains("* carol left (too slow)\r\n");
        assertThat(room.nicknames()).containsExactly("alice", "bob");
        assertThat(alice.readingPaused()).isFalse();
    }

    @Test
    void aHeldSenderGoesOnAfterTheHoldPeriodAtTheLatest() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = reader(room, "alice");
        slow(room, "bob");

        alice.feed(lines(10));
        assertThat(alice.readingPaused()).isTrue();
        alice.runScheduled(ChatRoom.DEFAULT_HOLD_PERIOD.minusMillis(1));
        assertThat(alice.readingPaused()).as("held within the hold period").isTrue();
        alice.runScheduled(ChatRoom.DEFAULT_HOLD_PERIOD);
        assertThat(alice.readingPaused()).isFalse();
        assertThat(room.heldSenders()).isZero();
    }

    @Test
    void aMemberBehindForTheHoldPeriodNoLongerHoldsTheRoomButGetsEveryLine() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = reader(room, "alice");
        FakeConnection bob = reader(room, "bob");
        FakeConnection carol = slow(room, "carol");

        alice.feed(lines(10));
        assertThat(alice.readingPaused()).isTrue();
        carol.runScheduled(ChatRoom.DEFAULT_HOLD_PERIOD);
        assertThat(room.behind()).as("carol no longer holds the room").isEmpty();
        assertThat(alice.readingPaused()).as("the sender goes on").isFalse();
        assertThat(carol.isOpen()).as("not dropped before the soft period").isTrue();

        alice.feed(lines(5));
        assertThat(alice.readingPaused()).as("carol, still behind, holds nobody").isFalse();
        assertThat(count(bob, "<alice> " + LINE)).isEqualTo(15);

        carol.clientReads();
        assertThat(count(carol, "<alice> " + LINE)).as("carol got every line").isEqualTo(15);
        carol.runScheduled();
        assertThat(carol.isOpen()).as("caught up: the soft period no longer counts").isTrue();
        assertThat(room.nicknames()).containsExactly("alice", "bob", "carol");

        alice.feed(lines(10));
        assertThat(room.behind()).as("behind again, it holds the room again").containsExactly("carol");
        assertThat(alice.readingPaused()).isTrue();
    }

    @Test
    void aMemberThatNeverReadsIsDroppedAtTheSoftPeriodWithoutHoldingTheRoomThatLong() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = reader(room, "alice");
        FakeConnection carol = slow(room, "carol");

        alice.feed(lines(10));
        carol.runScheduled(ChatRoom.DEFAULT_HOLD_PERIOD);
        alice.runScheduled(ChatRoom.DEFAULT_HOLD_PERIOD);
        assertThat(alice.readingPaused()).isFalse();
        carol.runScheduled(ChatRoom.DEFAULT_SOFT_PERIOD);
        assertThat(carol.isOpen()).isFalse();
        assertThat(carol.outputText()).contains("! disconnected: too slow").contains("it read nothing for 2000 ms");
        assertThat(alice.outputText()).endsWith("* carol left (too slow)\r\n");
    }

    @Test
    void aSenderThatIsItselfBehindIsHeldUntilItReads() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = slow(room, "alice");
        FakeConnection bob = reader(room, "bob");

        bob.feed(lines(10));
        assertThat(room.behind()).containsExactly("alice");
        assertThat(alice.readingPaused()).isTrue();
        assertThat(bob.readingPaused()).isTrue();
        alice.clientReads();
        assertThat(alice.readingPaused()).isFalse();
        assertThat(bob.readingPaused()).isFalse();
    }

    @Test
    void aMemberThatLeavesWhileBehindReleasesTheSender() {
        ChatRoom room = new ChatRoom();
        FakeConnection alice = reader(room, "alice");
        FakeConnection bob = slow(room, "bob");

        alice.feed(lines(10));
        assertThat(alice.readingPaused()).isTrue();
        bob.close();
        assertThat(room.behind()).isEmpty();
        assertThat(alice.readingPaused()).isFalse();
        assertThat(alice.outputText()).endsWith("* bob left\r\n");
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new ChatRoom(Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatRoom(Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatRoom(Duration.ofSeconds(1), Duration.ofSeconds(2), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holdPeriod must be positive and at most softPeriod");
        assertThatThrownBy(() -> new ChatRoom(Duration.ofSeconds(1), Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ChatRoom(Duration.ofMillis(100), 1).holdPeriod()).isEqualTo(Duration.ofMillis(100));
        ChatRoom room = new ChatRoom();
        assertThat(room.softPeriod()).isEqualTo(ChatRoom.DEFAULT_SOFT_PERIOD);
        assertThat(room.holdPeriod()).isEqualTo(ChatRoom.DEFAULT_HOLD_PERIOD);
        assertThat(room.hardLimitBytes()).isEqualTo(ChatRoom.DEFAULT_HARD_LIMIT_BYTES);
    }
}
