/**
 * TLS for every server: the key material and the handshake's settings ({@link
 * org.socketserver4j.core.tls.TlsContext}), and the {@code SSLEngine} driver the engines put
 * below the handler, so that handlers of both families see plaintext.
 */
package org.socketserver4j.core.tls;
