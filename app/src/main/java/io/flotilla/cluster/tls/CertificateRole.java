package io.flotilla.cluster.tls;

import org.bouncycastle.asn1.x509.KeyPurposeId;

import java.util.List;

/**
 * Who a leaf certificate of a cluster CA is for, and therefore which extended key usages it carries.
 * Schedulers and workers both accept connections (workers listen for peers) and dial out; clients only dial.
 */
public enum CertificateRole {
    SCHEDULER(List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)),
    WORKER(List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)),
    CLIENT(List.of(KeyPurposeId.id_kp_clientAuth));

    private final List<KeyPurposeId> extendedKeyUsages;

    CertificateRole(List<KeyPurposeId> extendedKeyUsages) {
        this.extendedKeyUsages = extendedKeyUsages;
    }

    /** The extended key usages written into certificates of this role. */
    public List<KeyPurposeId> extendedKeyUsages() {
        return extendedKeyUsages;
    }
}
