package org.socketserver4j.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Where one certificate and its key are read from: PEM files or a PKCS#12 keystore. */
sealed interface KeySource {

    /**
     * Reads the files now.
     *
     * @throws IOException if a file is missing, unreadable or wrong, or the key does not
     *     belong to the certificate; the message names the file
     */
    KeyEntry load() throws IOException;

    /** The files {@link #load()} reads. */
    List<Path> files();

    /** A PEM certificate chain and an unencrypted PKCS#8 key. */
    record Pem(Path certChain, Path privateKey) implements KeySource {

        public Pem {
            Objects.requireNonNull(certChain, "certChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public KeyEntry load() throws IOException {
            List<X509Certificate> chain = PemFiles.readCertificates(certChain);
            PrivateKey key = PemFiles.readPrivateKey(privateKey);
            return KeyEntry.matched(chain, key, privateKey + " and " + certChain);
        }

        @Override
        public List<Path> files() {
            return List.of(certChain, privateKey);
        }
    }

    /**
     * A PKCS#12 keystore whose first private-key entry is used; the key's password is the
     * store's. The password is given, or read from {@code passwordFile} at each load (without
     * its trailing line break).
     */
    record KeyStoreFile(Path keyStore, char[] password, Path passwordFile) implements KeySource {

        public KeyStoreFile {
            Objects.requireNonNull(keyStore, "keyStore");
            if ((password == null) == (passwordFile == null)) {
                throw new IllegalArgumentException("exactly one of a password and a password file");
            }
            password = password == null ? null : password.clone();
        }

        @Override
        public KeyEntry load() throws IOException {
            char[] secret = password != null ? password.clone() : readPassword(passwordFile);
            try {
                KeyStore store = read(secret);
                for (String alias : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(alias) && store.getKey(alias, secret) instanceof PrivateKey key) {
                        Certificate[] chain = store.getCertificateChain(alias);
                        return KeyEntry.matched(Arrays.stream(chain).map(X509Certificate.class::cast).toList(),
                                key, keyStore + " (entry " + alias + ")");
                    }
                }
                throw new IOException(keyStore + ": no private key entry in the keystore");
            } catch (GeneralSecurityException e) {
                throw new IOException(keyStore + ": cannot read the key in the PKCS#12 keystore: "
                        + e.getMessage(), e);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }

        private KeyStore read(char[] secret) throws IOException {
            try (InputStream in = Files.newInputStream(keyStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, secret);
                return store;
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(keyStore.toString(), null, "no such file");
            } catch (IOException | GeneralSecurityException e) {
                throw new IOException(keyStore + ": cannot read the PKCS#12 keystore (wrong password, or not"
                        + " a PKCS#12 file?): " + e.getMessage(), e);
            }
        }

        @Override
        public List<Path> files() {
            return passwordFile == null ? List.of(keyStore) : List.of(keyStore, passwordFile);
        }

        /** The content of {@code file} without one trailing line break (LF or CR LF). */
        static char[] readPassword(Path file) throws IOException {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(file.toString(), null, "no such password file");
            }
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            return text.toCharArray();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KeyStoreFile that && keyStore.equals(that.keyStore)
                    && Arrays.equals(password, that.password) && Objects.equals(passwordFile, that.passwordFile);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyStore, Arrays.hashCode(password), passwordFile);
        }

        @Override
        public String toString() {
            return "KeyStoreFile[" + keyStore + (passwordFile != null ? ", password file " + passwordFile : "") + "]";
        }
    }
}
