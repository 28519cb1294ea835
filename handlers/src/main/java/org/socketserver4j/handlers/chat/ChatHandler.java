package org.socketserver4j.handlers.chat;

import java.nio.charset.StandardCharsets;
import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.handlers.LineEventHandler;

/**
 * One chat member's connection. The first line is the nickname; after that every line is said
 * to the room, except commands: {@code /nick NAME}, {@code /who}, {@code /quit}. Under
 * ForkingServer every connection is its own process and so its own room: serve chat with an
 * in-process server.
 *
 * <p><b>Slow members</b> (the policy of Redis's pub/sub {@code client-output-buffer-limit}: a
 * hard cap, and a soft one held for a time). A member is <em>behind</em> while its connection
 * is not writable (its queued output went over the server's high watermark and has not yet
 * come back below the low one). Then:
 * <ul>
 *   <li><b>The sender is slowed, not the readers dropped.</b> A member that says something
 *       while any member is behind has its reading paused (TCP slows its client down) until
 *       every member behind has caught up, and at the latest for the room's hold period
 *       ({@link ChatRoom#DEFAULT_HOLD_PERIOD 500 ms} unless the room says otherwise). Members
 *       reading as fast as they can therefore get every line, however fast another member
 *       sends: with the sender stopped, they drain below the low watermark in far less.</li>
 *   <li><b>One that does not read does not stall the room.</b> A member still behind after the
 *       hold period stops holding the senders until it has caught up once more; it gets every
 *       line meanwhile, its backlog growing, until it catches up or a limit below drops it.</li>
 *   <li><b>Soft limit: no progress for the soft period.</b> A member that stays behind for the
 *       room's soft period ({@link ChatRoom#DEFAULT_SOFT_PERIOD 2 s} unless the room says
 *       otherwise) is disconnected: it is told why and the room is told
 *       {@code * NAME left (too slow)}. A member that reads slowly but steadily catches up
 *       within the hold period each time and stays.</li>
 *   <li><b>Hard limit.</b> A member to which more than the room's hard cap
 *       ({@link ChatRoom#DEFAULT_HARD_LIMIT_BYTES 4 MiB} by default) is written while it is behind
 *       is disconnected the same way at once. The server's own {@code maxOutboundBytes} stays
 *       the last resort.</li>
 * </ul>
 * A member dropped for being slow is closed after what is queued for it: it sees the lines it
 * did not read, the reason, then end of stream (bounded by the server's idle and write
 * timeouts if it never reads again).
 *
 * <p>Threads: the member's state (its hold, its timers) is touched only on its own
 * connection's thread; other members' threads only write to it and post work to it with
 * {@link Connection#execute}. The timers are {@link Connection#schedule} tasks on the member's
 * own connection. So members may sit on different worker reactors or threads; no lock is taken.
 * Pausing follows {@code onWritabilityChanged} events, never a snapshot of
 * {@code isWritable()}, so every pause has its resume.
 */
public class ChatHandler extends LineEventHandler {

    private final ChatRoom room;
    private Member member;
    private String nickname;

    /** A member of {@link ChatRoom#shared()}. */
    public ChatHandler() {
        this(ChatRoom.shared());
    }

    /** A member of {@code room}. */
    public ChatHandler(ChatRoom room) {
        super(1024);
        this.room = room;
    }

    @Override
    public void onOpen(Connection connection) {
        member = new Member(room, connection);
        send(connection, "Welcome! Your nickname?");
    }

    @Override
    protected void onLine(Connection connection, String line) {
        if (nickname == null) {
            chooseNickname(connection, line.strip());
        } else if (line.startsWith("/nick ")) {
            String wanted = line.substring(6).strip();
            if (!ChatRoom.NICKNAME.matcher(wanted).matches()) {
                send(connection, "! nicknames are 1-32 letters, digits, _ or -");
            } else if (room.rename(nickname, wanted, member)) {
                nickname = wanted;
            } else {
                send(connection, "! " + wanted + " is taken");
            }
        } else if (line.equals("/who")) {
            send(connection, "* here: " + String.join(", ", room.nicknames()));
        } else if (line.equals("/quit")) {
            send(connection, "* bye");
            connection.close();
        } else if (!line.isBlank()) {
            room.broadcast("<" + nickname + "> " + line, member);
            member.said();
        }
    }

    private void chooseNickname(Connection connection, String wanted) {
        if (!ChatRoom.NICKNAME.matcher(wanted).matches()) {
            send(connection, "! nicknames are 1-32 letters, digits, _ or -; your nickname?");
        } else if (!room.join(wanted, member)) {
            send(connection, "! " + wanted + " is taken; your nickname?");
        } else {
            nickname = wanted;
            send(connection, "* welcome, " + wanted + "; here: " + String.join(", ", room.nicknames()));
        }
    }

    /** Sends {@code line} and CRLF to this member; pausing follows writability events. */
    @Override
    protected void send(Connection connection, String line) {
        connection.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        member.writabilityChanged(writable);
    }

    @Override
    public void onClose(Connection connection) {
        if (member != null) {
            room.leave(member);
        }
    }
}
