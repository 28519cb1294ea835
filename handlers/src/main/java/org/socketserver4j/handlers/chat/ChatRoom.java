package org.socketserver4j.handlers.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketserver4j.core.handler.Connection;

/**
 * The members of a chat and what is said among them. Safe from every I/O thread at once: the
 * nickname table is a concurrent map and delivery is {@link Connection#write}, which never
 * blocks. A member whose connection is not writable when a message comes (its backlog is over
 * the server's high watermark: it does not read) is told why and disconnected, so one slow
 * reader can neither hold up the others nor make the server buffer without bound.
 */
public final class ChatRoom {

    /** Nicknames: 1 to 32 letters, digits, '_' or '-'. */
    public static final Pattern NICKNAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private static final Logger log = LoggerFactory.getLogger(ChatRoom.class);
    private static final ChatRoom SHARED = new ChatRoom();

    private final Map<String, Connection> members = new ConcurrentHashMap<>();

    /** The room every {@link ChatHandler} made without one joins (one per process). */
    public static ChatRoom shared() {
        return SHARED;
    }

    /** Takes {@code nickname} for {@code connection}; false if it is taken. */
    boolean join(String nickname, Connection connection) {
        if (members.putIfAbsent(nickname, connection) != null) {
            return false;
        }
        broadcast("* " + nickname + " joined", connection);
        return true;
    }

    /** Renames a member; false if {@code to} is taken. */
    boolean rename(String from, String to, Connection connection) {
        if (members.putIfAbsent(to, connection) != null) {
            return false;
        }
        members.remove(from, connection);
        broadcast("* " + from + " is now " + to, null);
        return true;
    }

    /** Removes a member and tells the others. */
    void leave(String nickname, Connection connection) {
        if (members.remove(nickname, connection)) {
            broadcast("* " + nickname + " left", null);
        }
    }

    /** Sends {@code line} to every member but {@code except}. */
    void broadcast(String line, Connection except) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, Connection> member : members.entrySet()) {
            Connection to = member.getValue();
            if (to == except) {
                continue;
            }
            if (!to.isWritable()) {
                disconnectSlow(member.getKey(), to);
                continue;
            }
            to.write(bytes);
        }
    }

    private void disconnectSlow(String nickname, Connection connection) {
        if (members.remove(nickname, connection)) {
            log.info("disconnecting {} ({}): it does not read its messages", nickname,
                    connection.remoteAddress());
            connection.write("! disconnected: too slow, messages are piling up\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            connection.close();
            broadcast("* " + nickname + " left (too slow)", null);
        }
    }

    /** The nicknames in the room, sorted. */
    public List<String> nicknames() {
        return members.keySet().stream().sorted().toList();
    }
}
