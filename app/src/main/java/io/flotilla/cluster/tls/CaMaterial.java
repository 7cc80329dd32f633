package io.flotilla.cluster.tls;

/**
 * What it takes to restore a {@link ClusterCa}: kept in the SecretStore, never in the database.
 *
 * @param certPem the CA certificate, PEM
 * @param keyPem  the CA's PKCS#8 private key, PEM; a secret, never logged
 */
public record CaMaterial(String certPem, String keyPem) {
    @Override
    public String toString() {
        return "CaMaterial[certPem=" + certPem.length() + " chars, keyPem=(secret)]";
    }
}
