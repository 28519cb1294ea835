package org.socketserver4j.samples;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.socketserver4j.handlers.DaytimeEventHandler;
import org.socketserver4j.handlers.DaytimeHandler;
import org.socketserver4j.handlers.DiscardEventHandler;
import org.socketserver4j.handlers.DiscardHandler;
import org.socketserver4j.handlers.EchoEventHandler;
import org.socketserver4j.handlers.EchoHandler;
import org.socketserver4j.handlers.chat.ChatHandler;
import org.socketserver4j.handlers.http.HttpHandler;
import org.socketserver4j.handlers.resp.RespHandler;

/**
 * The handlers {@code serve} can run: {@code --handler}. Each names its class for every
 * {@link Style} it comes in; a new handler is one more constant.
 */
public enum HandlerChoice {
    /** Echo (RFC 862): sends back whatever it receives. */
    ECHO(EchoHandler.class, EchoEventHandler.class),
    /** Discard (RFC 863): reads and drops everything. */
    DISCARD(DiscardHandler.class, DiscardEventHandler.class),
    /** Daytime (RFC 867): sends the date and time, then closes. */
    DAYTIME(DaytimeHandler.class, DaytimeEventHandler.class),
    /** A line-based multi-user chat. */
    CHAT(null, ChatHandler.class),
    /** HTTP/1.1: /plaintext, /hello, /echo, and static files with -Dsocketserver4j.http.static=DIR. */
    HTTP(null, HttpHandler.class),
    /** The Redis protocol (RESP2): an in-memory key-value store. */
    RESP(null, RespHandler.class);

    private final Map<Style, Class<?>> classes = new EnumMap<>(Style.class);

    HandlerChoice(Class<?> blocking, Class<?> event) {
        if (blocking != null) {
            classes.put(Style.BLOCKING, blocking);
        }
        if (event != null) {
            classes.put(Style.EVENT, event);
        }
    }

    /** The style to use when none is asked for: blocking where it exists, else event. */
    public Style defaultStyle() {
        return classes.containsKey(Style.BLOCKING) ? Style.BLOCKING : Style.EVENT;
    }

    /** The styles this handler comes in. */
    public Set<Style> styles() {
        return Collections.unmodifiableSet(classes.keySet());
    }

    /**
     * The styles among {@code asked} that this handler comes in, in the order asked; all of its
     * styles (blocking first) when it comes in none of them.
     */
    public List<Style> stylesAmong(Collection<Style> asked) {
        List<Style> among = asked.stream().distinct().filter(classes::containsKey).toList();
        return among.isEmpty() ? List.copyOf(classes.keySet()) : among;
    }

    /**
     * The handler class of {@code style}.
     *
     * @throws IllegalArgumentException if this handler does not come in that style
     */
    public Class<?> handlerClass(Style style) {
        Class<?> type = classes.get(style);
        if (type == null) {
            throw new IllegalArgumentException("handler " + this + " has no " + style
                    + " style; it comes in: " + styles());
        }
        return type;
    }

    /** The name on the command line: the constant's name in lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
