package org.socketserver4j.core.fork;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.socketserver4j.core.tls.TlsSessionInfo;

/**
 * The one line a parent writes to a child's stdin before the connection's bytes:
 * {@code socketserver4j-fork/1 <handler class> <client> <server> [peer=<user>:<group>] [tls=...]}, where
 * a TCP address is two fields, {@code <host> <port>}, and a Unix-domain address one,
 * {@code unix:<path>} (URL-encoded, empty when unnamed). The peer's credentials of a
 * Unix-domain connection follow when the parent could read them, then, on a TLS connection
 * (the parent terminates TLS), its session ({@link TlsHeaderField}). A plain TCP connection's
 * header is the same as before Unix sockets and TLS were added. A pooled child waits for it; a
 * child whose parent is gone reads end of stream instead and exits.
 *
 * @param handlerClass the handler's binary class name
 * @param client the peer's address
 * @param server the server's address
 * @param peer the peer's credentials (Unix-domain only), or empty
 * @param tls the connection's TLS session, or empty on a plain connection
 */
record ChildHeader(String handlerClass, SocketAddress client, SocketAddress server,
        Optional<UnixDomainPrincipal> peer, Optional<TlsSessionInfo> tls) {

    static final String MAGIC = "socketserver4j-fork/1";
    /** The longest header: room for a client's certificate chain. */
    private static final int MAX_LENGTH = 64 * 1024;
    private static final int FIRST_LENGTH = 256;
    private static final String UNIX = "unix:";
    private static final String PEER = "peer=";

    /** A header for a plain connection. */
    ChildHeader(String handlerClass, SocketAddress client, SocketAddress server, Optional<UnixDomainPrincipal> peer) {
        this(handlerClass, client, server, peer, Optional.empty());
    }

    /** The header as it goes on the wire, newline included. */
    byte[] encode() {
        StringBuilder line = new StringBuilder(MAGIC).append(' ').append(handlerClass);
        appendAddress(line, client);
        appendAddress(line, server);
        peer.ifPresent(p -> line.append(' ').append(PEER).append(encode(p.user().getName()))
                .append(':').append(encode(p.group().getName())));
        tls.ifPresent(session -> line.append(' ').append(TlsHeaderField.encode(session)));
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Makes the header for a connection from {@code client} to {@code server}, without credentials. */
    static ChildHeader of(String handlerClass, SocketAddress client, SocketAddress server) {
        return new ChildHeader(handlerClass, client, server, Optional.empty());
    }

    private static void appendAddress(StringBuilder line, SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            line.append(' ').append(UNIX).append(encode(unix.getPath().toString()));
        } else {
            InetSocketAddress inet = (InetSocketAddress) address;
            line.append(' ').append(inet.getHostString()).append(' ').append(inet.getPort());
        }
    }

    /** {@code text} URL-encoded: no space, comma or colon left in it. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * Reads the header byte by byte, so not one byte of the connection is consumed.
     *
     * @return the header, or {@code null} at end of stream before any byte (no connection)
     * @throws IOException if the line is malformed or too long
     */
    static ChildHeader read(InputStream in) throws IOException {
        byte[] line = new byte[FIRST_LENGTH];
        int length = 0;
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (length == 0) {
                    return null;
                }
                throw new IOException("end of stream inside the header");
            }
            if (length == line.length) {
                if (length == MAX_LENGTH) {
                    throw new IOException("header longer than " + MAX_LENGTH + " bytes");
                }
                line = Arrays.copyOf(line, Math.min(MAX_LENGTH, 2 * length));
            }
            line[length++] = (byte) b;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        String[] fields = text.split(" ");
        if (fields.length < 4 || !fields[0].equals(MAGIC)) {
            throw new IOException("not a socketserver4j fork header: " + text);
        }
        try {
            List<SocketAddress> addresses = new ArrayList<>(2);
            int i = 2;
            while (addresses.size() < 2) {
                if (i >= fields.length) {
                    throw new IOException("not a socketserver4j fork header: " + text);
                }
                if (fields[i].startsWith(UNIX)) {
                    addresses.add(UnixDomainSocketAddress.of(decode(fields[i].substring(UNIX.length()))));
                    i += 1;
                } else {
                    if (i + 1 >= fields.length) {
                        throw new IOException("not a socketserver4j fork header: " + text);
                    }
                    addresses.add(InetSocketAddress.createUnresolved(fields[i], Integer.parseInt(fields[i + 1])));
                    i += 2;
                }
            }
            Optional<UnixDomainPrincipal> peer = Optional.empty();
            if (i < fields.length && fields[i].startsWith(PEER)) {
                peer = Optional.of(principal(fields[i].substring(PEER.length())));
                i += 1;
            }
            Optional<TlsSessionInfo> tls = Optional.empty();
            if (i < fields.length && fields[i].startsWith(TlsHeaderField.PREFIX)) {
                tls = Optional.of(TlsHeaderField.decode(fields[i]));
                i += 1;
            }
            if (i != fields.length) {
                throw new IOException("not a socketserver4j fork header: " + text);
            }
            return new ChildHeader(fields[1], addresses.get(0), addresses.get(1), peer, tls);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad address in fork header: " + text, e);
        }
    }

    /** The text {@link #encode} encoded. */
    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The principal named by {@code user:group} (names, or numeric ids where a name is unknown). */
    private static UnixDomainPrincipal principal(String field) throws IOException {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new IOException("bad peer in fork header: " + field);
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        return new UnixDomainPrincipal(lookup.lookupPrincipalByName(decode(field.substring(0, colon))),
                lookup.lookupPrincipalByGroupName(decode(field.substring(colon + 1))));
    }
}
