package org.socketserver4j.core.fork;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.socketserver4j.core.tls.TlsSessionInfo;

/**
 * The {@code tls=} field of a {@link ChildHeader}: the session the parent keeps, as the child's
 * handlers see it. {@code tls=<protocol>,<cipher suite>,<ALPN>,<SNI>[,<certificate>...]}: the
 * names URL-encoded (ALPN and SNI empty when there is none), then the client's certificate
 * chain, its own first, each certificate's DER in unpadded Base64url.
 */
final class TlsHeaderField {

    /** What starts the field. */
    static final String PREFIX = "tls=";
    private static final int NAMES = 4;

    private TlsHeaderField() {}

    /** The field for {@code session}, prefix included. */
    static String encode(TlsSessionInfo session) {
        StringBuilder field = new StringBuilder(PREFIX)
                .append(ChildHeader.encode(session.protocol()))
                .append(',').append(ChildHeader.encode(session.cipherSuite()))
                .append(',').append(ChildHeader.encode(session.applicationProtocol().orElse("")))
                .append(',').append(ChildHeader.encode(session.serverName().orElse("")));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        for (X509Certificate certificate : session.peerCertificates()) {
            try {
                field.append(',').append(base64.encodeToString(certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("a peer certificate cannot be encoded", e);
            }
        }
        return field.toString();
    }

    /**
     * The session a field (prefix included) describes.
     *
     * @throws IOException if the field is malformed
     */
    static TlsSessionInfo decode(String field) throws IOException {
        String[] parts = field.substring(PREFIX.length()).split(",", -1);
        if (parts.length < NAMES || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IOException("bad tls field in fork header: " + field);
        }
        List<X509Certificate> chain = new ArrayList<>(parts.length - NAMES);
        try {
            CertificateFactory factory = parts.length > NAMES ? CertificateFactory.getInstance("X.509") : null;
            for (int i = NAMES; i < parts.length; i++) {
                byte[] der = Base64.getUrlDecoder().decode(parts[i]);
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            throw new IOException("bad certificate in the tls field of a fork header", e);
        }
        return new TlsSessionInfo(ChildHeader.decode(parts[0]), ChildHeader.decode(parts[1]), chain,
                optional(ChildHeader.decode(parts[2])), optional(ChildHeader.decode(parts[3])));
    }

    private static Optional<String> optional(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
