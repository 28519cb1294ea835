package org.socketserver4j.core.tls;

/** Whether a server asks its clients for a certificate ({@link TlsOptions#withClientAuth}). */
public enum ClientAuth {
    /** No client certificate is asked for (the default). */
    NONE,
    /** A certificate is asked for; a client without one is served all the same. */
    WANT,
    /** A certificate from a trusted authority is required; a client without one fails its handshake. */
    NEED
}
