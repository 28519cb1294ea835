/**
 * TLS for every server. {@link org.socketserver4j.core.tls.TlsOptions} names the certificate
 * files (PEM chain and PKCS#8 key, read by {@link org.socketserver4j.core.tls.PemFiles}, or a
 * PKCS#12 keystore), by server name if several, and the handshake settings;
 * {@link org.socketserver4j.core.tls.TlsContext} loads them, makes each connection's server
 * {@code SSLEngine} (TLS 1.3 and 1.2, SNI, ALPN, client certificates) and reloads the
 * certificates without a restart. {@link org.socketserver4j.core.tls.TlsSessionInfo} is what a
 * handler may know of its connection's session, and
 * {@link org.socketserver4j.core.tls.SelfSignedCertificate} makes a certificate to try it all
 * out. The engines drive the {@code SSLEngine} below the handler, so that handlers of both
 * families see plaintext.
 */
package org.socketserver4j.core.tls;
