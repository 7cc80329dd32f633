package io.flotilla.config.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The certificate the appliance presents on its instance HTTPS port, with its key.
 *
 * @param key    the private key; a secret, never logged
 * @param chain  the leaf first, then any intermediates
 * @param origin where it came from, for the log ("generated", "file /etc/…")
 */
public record InstanceCertificate(PrivateKey key, List<X509Certificate> chain, String origin) {
    public InstanceCertificate {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an instance certificate needs at least its leaf");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The leaf's SHA-256 fingerprint as colon-separated upper-case hex, the way {@code openssl x509 -fingerprint -sha256} prints it. */
    public String fingerprint() {
        return fingerprint(leaf());
    }

    /** The SHA-256 fingerprint of {@code certificate}'s DER encoding, {@code AB:CD:…}. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the instance certificate", e);
        }
    }

    /**
     * The leaf's public-key pin as curl's {@code --pinnedpubkey} takes it: {@code sha256//} and the base64 SHA-256
     * of the DER SubjectPublicKeyInfo. Public, like the fingerprint; the install script's download pins it.
     */
    public String publicKeyPin() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getPublicKey().getEncoded());
            return "sha256//" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash the instance certificate's public key", e);
        }
    }

    /** An in-memory PKCS12 key store holding the key and chain under {@code password}, for the TLS server. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("instance-tls", key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the key store of the instance certificate", e);
        }
    }

    @Override
    public String toString() {
        return "InstanceCertificate[" + leaf().getSubjectX500Principal().getName() + ", " + origin
                + ", sha256 " + fingerprint().toLowerCase(Locale.ROOT) + ", key=(secret)]";
    }
}
