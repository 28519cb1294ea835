package org.socketserver4j.handlers.chat;

import org.socketserver4j.core.handler.Connection;
import org.socketserver4j.handlers.LineEventHandler;

/**
 * One chat member's connection. The first line is the nickname; after that every line is said
 * to the room, except commands: {@code /nick NAME}, {@code /who}, {@code /quit}. Under
 * ForkingServer every connection is its own process and so its own room: serve chat with an
 * in-process server.
 */
public class ChatHandler extends LineEventHandler {

    private final ChatRoom room;
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
            } else if (room.rename(nickname, wanted, connection)) {
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
            room.broadcast("<" + nickname + "> " + line, connection);
        }
    }

    private void chooseNickname(Connection connection, String wanted) {
        if (!ChatRoom.NICKNAME.matcher(wanted).matches()) {
            send(connection, "! nicknames are 1-32 letters, digits, _ or -; your nickname?");
        } else if (!room.join(wanted, connection)) {
            send(connection, "! " + wanted + " is taken; your nickname?");
        } else {
            nickname = wanted;
            send(connection, "* welcome, " + wanted + "; here: " + String.join(", ", room.nicknames()));
        }
    }

    @Override
    public void onClose(Connection connection) {
        if (nickname != null) {
            room.leave(nickname, connection);
        }
    }
}
