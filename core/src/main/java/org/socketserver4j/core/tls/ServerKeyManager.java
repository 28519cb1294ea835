package org.socketserver4j.core.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager: chooses the certificate by the server name the client asked for
 * (SNI: exact names, then {@code *.} wildcards, else the default), and holds its key material
 * in a swappable slot, so that {@link #swap} makes every later handshake use new certificates
 * while the {@code SSLContext} and the connections already open stay as they are.
 *
 * <p>An alias names its load ({@link KeyMaterial}'s generation): the JDK asks for the chain and
 * the key of a chosen alias in separate calls, and a swap in between must not pair the new
 * chain with the old key. The previous load is kept to answer such a straggler.
 */
final class ServerKeyManager extends X509ExtendedKeyManager {

    private volatile KeyMaterial current;
    private volatile KeyMaterial previous;

    ServerKeyManager(KeyMaterial material) {
        this.current = Objects.requireNonNull(material, "material");
    }

    /** Makes {@code material} the one later handshakes use. */
    synchronized void swap(KeyMaterial material) {
        previous = current;
        current = Objects.requireNonNull(material, "material");
    }

    /** The material in use. */
    KeyMaterial material() {
        return current;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    private String choose(String keyType, SSLSession handshake) {
        KeyMaterial material = current;
        String alias = material.aliasFor(requestedHostName(handshake));
        KeyEntry entry = material.entry(alias);
        return fits(entry, keyType) ? alias : null;
    }

    /** Whether {@code entry}'s key is of {@code keyType} ({@code EC}, or {@code EC_RSA} in TLS 1.2). */
    private static boolean fits(KeyEntry entry, String keyType) {
        if (keyType == null) {
            return true;
        }
        int underscore = keyType.indexOf('_');
        String wanted = KeyEntry.family(underscore > 0 ? keyType.substring(0, underscore) : keyType);
        return wanted.equals(entry.keyType());
    }

    /** The host name the client sent by SNI, or {@code null}. */
    static String requestedHostName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME && name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        KeyMaterial material = current;
        List<String> aliases = material.aliases().stream()
                .filter(alias -> fits(material.entry(alias), keyType)).toList();
        return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyEntry entry = entry(alias);
        return entry == null ? null : entry.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyEntry entry = entry(alias);
        return entry == null ? null : entry.key();
    }

    private KeyEntry entry(String alias) {
        KeyEntry entry = current.entry(alias);
        if (entry == null) {
            KeyMaterial before = previous;
            entry = before == null ? null : before.entry(alias);
        }
        return entry;
    }

    /** A server presents certificates; it never chooses a client's. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** A server presents certificates; it never chooses a client's. */
    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
