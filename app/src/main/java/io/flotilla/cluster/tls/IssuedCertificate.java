package io.flotilla.cluster.tls;

/**
 * A leaf certificate and its private key, as handed to a scheduler, worker or client.
 *
 * @param certPem X.509 certificate, PEM ({@code CERTIFICATE})
 * @param keyPem  PKCS#8 private key, PEM ({@code PRIVATE KEY}); a secret, never logged
 */
public record IssuedCertificate(String certPem, String keyPem) {
    @Override
    public String toString() {
        return "IssuedCertificate[certPem=" + certPem.length() + " chars, keyPem=(secret)]";
    }
}
