package org.socketserver4j.handlers.chat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.core.handler.Scheduled;

/**
 * One connection's place in a {@link ChatRoom}: what the room's policy needs to know about it.
 *
 * <p>Threads: the fields marked "own thread" are touched only on the member's own connection
 * thread (its callbacks, and tasks given to {@link Connection#execute}/{@link Connection#schedule});
 * other members' threads only call {@link #deliver} and {@link #requestDrop}, which touch the
 * atomic fields and the connection (whose {@code write} is safe from any thread). Whatever
 * changes the member's state on behalf of another thread is posted to its own thread with
 * {@link Connection#execute}.
 */
final class Member {

    /** Why a member was shown the door. */
    enum Drop {
        /** It stayed behind (not writable) for the whole soft period. */
        NO_PROGRESS,
        /** Its backlog passed the room's hard cap. */
        HARD_LIMIT
    }

    private static final Logger log = LoggerFactory.getLogger(Member.class);

    private final ChatRoom room;
    private final Connection connection;
    /** Bytes the room wrote to it while it was not writable, since it last was (any thread). */
    private final AtomicLong overflow = new AtomicLong();
    /** Set once it is being dropped: the room stops writing to it (any thread). */
    private final AtomicBoolean dropping = new AtomicBoolean();
    /**
     * Whether its own thread has taken it as behind (written there, read by any thread): only
     * then do bytes count towards the hard cap, so a member is never dropped for bytes written
     * before the room could slow the senders down.
     */
    private volatile boolean behindKnown;

    /** Its nickname once it has joined, else null (written on its own thread). */
    private volatile String nickname;

    // ---- own thread only
    /** Whether the last writability event said "not writable". */
    private boolean unwritable;
    /** Whether it is behind: a member whose output went over the high watermark, not yet back. */
    private boolean behind;
    /** Whether, behind, it still holds the room's senders (it is in the room's set). */
    private boolean holding;
    /** Drops it when it stays behind for the soft period. */
    private Scheduled softTimer;
    /** Ends its holding of the room when it stays behind for the hold period. */
    private Scheduled holdingTimer;
    /** Whether its reading is paused because the room is behind. */
    private boolean held;
    /** Ends a hold after the hold period at the latest. */
    private Scheduled holdTimer;
    /** Whether its reading is paused now (by this class). */
    private boolean readingPaused;

    Member(ChatRoom room, Connection connection) {
        this.room = room;
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    String nickname() {
        return nickname;
    }

    /** Own thread: it has joined, or been renamed, as {@code name}. */
    void named(String name) {
        nickname = name;
        if (unwritable) {
            fallBehind();
        }
    }

    boolean isDropping() {
        return dropping.get();
    }

    // ------------------------------------------------------------------ any thread

    /**
     * Any thread: writes a line said in the room to this member, unless its backlog, counted
     * since its own thread took it as behind, is past the room's hard cap (then it is dropped
     * instead).
     */
    void deliver(byte[] line) {
        if (connection.isWritable() || !behindKnown) {
            if (overflow.get() != 0) {
                overflow.set(0);
            }
        } else if (overflow.addAndGet(line.length) > room.hardLimitBytes()) {
            requestDrop(Drop.HARD_LIMIT);
            return;
        }
        connection.write(line);
    }

    /** Any thread: stops writing to this member and drops it on its own thread. */
    void requestDrop(Drop reason) {
        if (dropping.compareAndSet(false, true)) {
            connection.execute(() -> drop(reason));
        }
    }

    // ------------------------------------------------------------------ own thread

    /** Own thread: the connection's writability changed (the event, never a snapshot). */
    void writabilityChanged(boolean writable) {
        unwritable = !writable;
        if (writable) {
            overflow.set(0);
            catchUp();
        } else if (nickname != null) {
            fallBehind();
        }
        updateReading();
    }

    /** Own thread: after this member said something to the room; holds it while the room is behind. */
    void said() {
        if (held || !room.anyoneBehind()) {
            return;
        }
        held = true;
        room.hold(this);
        updateReading();
        holdTimer = connection.schedule(this::release, room.holdPeriod());
        if (!room.anyoneBehind() && room.unhold(this)) {
            // the last member behind caught up before we were in the held set
            release();
        }
    }

    /** Own thread: ends a hold (nobody holds the room any more, or the hold period passed). */
    void release() {
        if (!held) {
            return;
        }
        held = false;
        room.unhold(this);
        if (holdTimer != null) {
            holdTimer.cancel();
            holdTimer = null;
        }
        updateReading();
    }

    /** Own thread: the connection closed or the member left; forgets its room state. */
    void left() {
        dropping.set(true);
        catchUp();
        release();
    }

    private void fallBehind() {
        if (behind || dropping.get()) {
            return;
        }
        behind = true;
        behindKnown = true;
        holding = true;
        room.fellBehind(this);
        softTimer = connection.schedule(this::softPeriodOver, room.softPeriod());
        holdingTimer = connection.schedule(this::holdPeriodOver, room.holdPeriod());
    }

    private void catchUp() {
        if (!behind) {
            return;
        }
        behind = false;
        behindKnown = false;
        if (softTimer != null) {
            softTimer.cancel();
            softTimer = null;
        }
        if (holdingTimer != null) {
            holdingTimer.cancel();
            holdingTimer = null;
        }
        stopHolding();
    }

    /** Own thread: behind for the hold period, it no longer slows the room (it may still catch up). */
    private void holdPeriodOver() {
        holdingTimer = null;
        if (behind && !connection.isWritable()) {
            log.debug("{} ({}) is behind for {} ms: the room's senders go on without it",
                    nickname, connection.remoteAddress(), room.holdPeriod().toMillis());
            stopHolding();
        }
    }

    private void stopHolding() {
        if (holding) {
            holding = false;
            room.stopsHolding(this);
        }
    }

    private void softPeriodOver() {
        softTimer = null;
        // writable again with its event on the way: the event ends its time behind
        if (behind && !connection.isWritable()) {
            drop(Drop.NO_PROGRESS);
        }
    }

    private void drop(Drop reason) {
        dropping.set(true);
        String name = nickname;
        if (name == null || !room.remove(name, this)) {
            return;
        }
        catchUp();
        release();
        String why = switch (reason) {
            case NO_PROGRESS -> "it read nothing for " + room.softPeriod().toMillis() + " ms";
            case HARD_LIMIT -> "more than " + room.hardLimitBytes() + " bytes were waiting for it";
        };
        log.info("disconnecting {} ({}): too slow, {}", name, connection.remoteAddress(), why);
        connection.write(("! disconnected: too slow, messages are piling up (" + why + ")\r\n")
                .getBytes(StandardCharsets.UTF_8));
        connection.close();
        room.broadcast("* " + name + " left (too slow)", this);
    }

    /** Reading is paused while the room holds this member or its own output is behind. */
    private void updateReading() {
        boolean pause = held || unwritable;
        if (pause != readingPaused) {
            readingPaused = pause;
            if (pause) {
                connection.pauseReading();
            } else {
                connection.resumeReading();
            }
        }
    }
}
