package io.flotilla.cluster.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.util.IPAddress;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A self-signed TLS server certificate (EC P-256): what the appliance presents to its instances when IT gave it
 * no certificate. Clients do not chain it to a CA; they pin its SHA-256 fingerprint instead.
 */
public final class SelfSignedServerCertificate {
    private SelfSignedServerCertificate() {
    }

    /**
     * A new key pair and certificate for {@code commonName}, valid from {@code notBefore} to {@code notAfter}.
     *
     * @param sanDnsOrIp subject alternative names; IPv4/IPv6 literals become IP entries, the rest DNS entries
     */
    public static IssuedCertificate create(String commonName, List<String> sanDnsOrIp, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(commonName, "commonName");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("the certificate must end after it begins");
        }
        KeyPair keys = CertificateSigner.newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Flotilla")
                .addRDN(BCStyle.CN, commonName)
                .build();
        X509v3CertificateBuilder builder = CertificateSigner.builder(subject, subject, notBefore, notAfter, keys.getPublic());
        CertificateSigner.add(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        CertificateSigner.add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        CertificateSigner.add(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        GeneralName[] names = sanDnsOrIp.stream().distinct()
                .map(name -> IPAddress.isValid(name)
                        ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        if (names.length > 0) {
            CertificateSigner.add(builder, Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        CertificateSigner.add(builder, Extension.subjectKeyIdentifier, false,
                CertificateSigner.extensions().createSubjectKeyIdentifier(keys.getPublic()));
        return new IssuedCertificate(Pem.encode(CertificateSigner.sign(builder, keys.getPrivate())), Pem.encode(keys.getPrivate()));
    }
}
