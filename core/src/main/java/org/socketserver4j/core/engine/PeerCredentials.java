package org.socketserver4j.core.engine;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's credentials of a Unix-domain connection, read from the socket with
 * {@code SO_PEERCRED} where the JDK supports it (Linux, macOS); empty for TCP and elsewhere.
 */
public final class PeerCredentials {

    private static final Logger log = LoggerFactory.getLogger(PeerCredentials.class);

    private PeerCredentials() {}

    /** The credentials of {@code channel}'s peer, or empty (not Unix-domain, unsupported, closed). */
    public static Optional<UnixDomainPrincipal> of(NetworkChannel channel) {
        if (!channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(channel.getOption(ExtendedSocketOptions.SO_PEERCRED));
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot read the peer credentials of {}: {}", channel, e.toString());
            return Optional.empty();
        }
    }
}
