package org.socketserver4j.handlers.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The members of a chat and what is said among them, with the policy for members that fall
 * behind (see {@link ChatHandler} for the policy as a member sees it).
 *
 * <p>Safe from every I/O thread at once, without a lock on the I/O path: the members, the
 * members behind and the senders held are concurrent sets; delivery is
 * {@link org.socketserver4j.core.handler.Connection#write}, which never blocks and is safe from
 * any thread; and whatever changes one member's state runs on that member's own connection
 * thread ({@code Connection.execute}/{@code schedule}), so members on different worker
 * reactors never touch each other's state.
 */
public final class ChatRoom {

    /** Nicknames: 1 to 32 letters, digits, '_' or '-'. */
    public static final Pattern NICKNAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** How long a member may stay behind (not writable) before it is dropped, by default: 2 s. */
    public static final Duration DEFAULT_SOFT_PERIOD = Duration.ofSeconds(2);
    /**
     * How long a member that fell behind may hold the room's senders, by default: 500 ms. One
     * that reads catches up well within it (the sender stops while it drains); one that does not
     * stops slowing the room and is left to the soft period and the hard cap.
     */
    public static final Duration DEFAULT_HOLD_PERIOD = Duration.ofMillis(500);
    /** The most bytes queued for a member past the high watermark, by default: 4 MiB. */
    public static final long DEFAULT_HARD_LIMIT_BYTES = 4L * 1024 * 1024;

    private static final ChatRoom SHARED = new ChatRoom();

    private final Duration softPeriod;
    private final Duration holdPeriod;
    private final long hardLimitBytes;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    /** Members behind that hold the senders: behind for less than the hold period. */
    private final Set<Member> behind = ConcurrentHashMap.newKeySet();
    /** Senders whose reading is paused until the members behind catch up. */
    private final Set<Member> held = ConcurrentHashMap.newKeySet();

    /** A room with the default soft period, hold period and hard cap. */
    public ChatRoom() {
        this(DEFAULT_SOFT_PERIOD, DEFAULT_HOLD_PERIOD, DEFAULT_HARD_LIMIT_BYTES);
    }

    /**
     * A room dropping a member that stays behind for {@code softPeriod}, or whose backlog past
     * the server's high watermark passes {@code hardLimitBytes}, with the default hold period
     * (or the soft period, if that is shorter).
     *
     * @throws IllegalArgumentException if the period is not positive or the limit is below 1
     */
    public ChatRoom(Duration softPeriod, long hardLimitBytes) {
        this(softPeriod, min(DEFAULT_HOLD_PERIOD, Objects.requireNonNull(softPeriod, "softPeriod")),
                hardLimitBytes);
    }

    /**
     * A room dropping a member that stays behind for {@code softPeriod}, or whose backlog past
     * the server's high watermark passes {@code hardLimitBytes}, and in which a member behind
     * holds the senders for {@code holdPeriod} at most each time it falls behind.
     *
     * @throws IllegalArgumentException if a period is not positive, the hold period is longer
     *     than the soft period, or the limit is below 1
     */
    public ChatRoom(Duration softPeriod, Duration holdPeriod, long hardLimitBytes) {
        Objects.requireNonNull(softPeriod, "softPeriod");
        Objects.requireNonNull(holdPeriod, "holdPeriod");
        if (softPeriod.isNegative() || softPeriod.isZero()) {
            throw new IllegalArgumentException("softPeriod must be positive: " + softPeriod);
        }
        if (holdPeriod.isNegative() || holdPeriod.isZero() || holdPeriod.compareTo(softPeriod) > 0) {
            throw new IllegalArgumentException("holdPeriod must be positive and at most softPeriod ("
                    + softPeriod + "): " + holdPeriod);
        }
        if (hardLimitBytes < 1) {
            throw new IllegalArgumentException("hardLimitBytes must be >= 1: " + hardLimitBytes);
        }
        this.softPeriod = softPeriod;
        this.holdPeriod = holdPeriod;
        this.hardLimitBytes = hardLimitBytes;
    }

    /** The room every {@link ChatHandler} made without one joins (one per process). */
    public static ChatRoom shared() {
        return SHARED;
    }

    /** How long a member may stay behind before it is dropped. */
    public Duration softPeriod() {
        return softPeriod;
    }

    /** How long a member that fell behind holds the room's senders at most. */
    public Duration holdPeriod() {
        return holdPeriod;
    }

    /** The most bytes written to a member while it is behind before it is dropped. */
    public long hardLimitBytes() {
        return hardLimitBytes;
    }

    /** The nicknames in the room, sorted. */
    public List<String> nicknames() {
        return members.keySet().stream().sorted().toList();
    }

    /**
     * The nicknames of the members holding the senders now (their output went over the high
     * watermark less than the hold period ago and has not come back below the low one), sorted.
     */
    public List<String> behind() {
        return behind.stream().map(Member::nickname).filter(Objects::nonNull).sorted().toList();
    }

    /** How many senders are held now (their reading paused until the room catches up). */
    public int heldSenders() {
        return held.size();
    }

    // ------------------------------------------------------------------ membership (own thread)

    /** Takes {@code nickname} for {@code member}; false if it is taken. */
    boolean join(String nickname, Member member) {
        if (members.putIfAbsent(nickname, member) != null) {
            return false;
        }
        member.named(nickname);
        broadcast("* " + nickname + " joined", member);
        return true;
    }

    /** Renames a member; false if {@code to} is taken. */
    boolean rename(String from, String to, Member member) {
        if (members.putIfAbsent(to, member) != null) {
            return false;
        }
        member.named(to);
        members.remove(from, member);
        broadcast("* " + from + " is now " + to, null);
        return true;
    }

    /** Removes a member whose connection closed and tells the others. */
    void leave(Member member) {
        String nickname = member.nickname();
        member.left();
        if (nickname != null && members.remove(nickname, member)) {
            broadcast("* " + nickname + " left", null);
        }
    }

    /** Removes a member being dropped; false if it was gone already. */
    boolean remove(String nickname, Member member) {
        return members.remove(nickname, member);
    }

    // ------------------------------------------------------------------ the policy

    /** Sends {@code line} to every member but {@code except}; any thread. */
    void broadcast(String line, Member except) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        for (Member to : members.values()) {
            if (to != except && !to.isDropping()) {
                to.deliver(bytes);
            }
        }
    }

    boolean anyoneBehind() {
        return !behind.isEmpty();
    }

    void fellBehind(Member member) {
        behind.add(member);
    }

    /**
     * A member caught up, left, was dropped or was behind for the hold period: once nobody holds
     * the room, the held senders go on.
     */
    void stopsHolding(Member member) {
        behind.remove(member);
        if (behind.isEmpty()) {
            for (Member sender : held) {
                if (held.remove(sender)) {
                    sender.connection().execute(sender::release);
                }
            }
        }
    }

    void hold(Member sender) {
        held.add(sender);
    }

    boolean unhold(Member sender) {
        return held.remove(sender);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
