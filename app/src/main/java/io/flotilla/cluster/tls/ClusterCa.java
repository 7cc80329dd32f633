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
import org.bouncycastle.cert.jcajce.JcaX500NameUtil;
import org.bouncycastle.util.IPAddress;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The certificate authority of one Dask cluster: an EC P-256 key and a self-signed CA certificate that
 * signs the cluster's scheduler, worker and client certificates. Each cluster has its own, so a
 * certificate of one cluster never opens another. Persist it with {@link #material()} and restore it
 * with {@link #load(CaMaterial, Clock)}.
 */
public final class ClusterCa {
    /** Leaves are back-dated by this much so a peer whose clock runs a little behind accepts them. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;

    private ClusterCa(X509Certificate certificate, PrivateKey key, Clock clock) {
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
    }

    /** A new CA for the cluster, valid from now (minus a small skew) for {@code validity}. */
    public static ClusterCa create(String clusterId, Clock clock, Duration validity) {
        Objects.requireNonNull(clusterId, "clusterId");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("CA validity must be positive");
        }
        KeyPair keys = CertificateSigner.newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Flotilla")
                .addRDN(BCStyle.OU, "cluster " + clusterId)
                .addRDN(BCStyle.CN, "Flotilla cluster CA " + clusterId)
                .build();
        Instant now = clock.instant();
        X509v3CertificateBuilder builder = CertificateSigner.builder(
                subject, subject, now.minus(CLOCK_SKEW), now.plus(validity), keys.getPublic());
        CertificateSigner.add(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        CertificateSigner.add(builder, Extension.keyUsage, true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        CertificateSigner.add(builder, Extension.subjectKeyIdentifier, false,
                CertificateSigner.extensions().createSubjectKeyIdentifier(keys.getPublic()));
        return new ClusterCa(CertificateSigner.sign(builder, keys.getPrivate()), keys.getPrivate(), clock);
    }

    /** Restores a CA from its stored material; {@code clock} dates the certificates it issues. */
    public static ClusterCa load(CaMaterial material, Clock clock) {
        X509Certificate certificate = Pem.certificate(material.certPem());
        PrivateKey key = Pem.privateKey(material.keyPem());
        return new ClusterCa(certificate, key, clock);
    }

    /** Restores a CA from its stored material, dating new certificates by the system clock. */
    public static ClusterCa load(CaMaterial material) {
        return load(material, Clock.systemUTC());
    }

    /**
     * Issues a leaf certificate with a fresh key pair and a random serial number, valid until the CA expires.
     *
     * @param role       decides the extended key usages
     * @param commonName the subject's CN, e.g. the instance name
     * @param sanDnsOrIp subject alternative names; IPv4/IPv6 literals become IP entries, the rest DNS entries
     */
    public IssuedCertificate issue(CertificateRole role, String commonName, List<String> sanDnsOrIp) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(commonName, "commonName");
        KeyPair keys = CertificateSigner.newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Flotilla")
                .addRDN(BCStyle.OU, role.name().toLowerCase(java.util.Locale.ROOT))
                .addRDN(BCStyle.CN, commonName)
                .build();
        Instant now = clock.instant();
        X509v3CertificateBuilder builder = CertificateSigner.builder(JcaX500NameUtil.getSubject(certificate),
                subject, now.minus(CLOCK_SKEW), certificate.getNotAfter().toInstant(), keys.getPublic());
        CertificateSigner.add(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        CertificateSigner.add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        CertificateSigner.add(builder, Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(role.extendedKeyUsages().toArray(KeyPurposeId[]::new)));
        if (sanDnsOrIp != null && !sanDnsOrIp.isEmpty()) {
            CertificateSigner.add(builder, Extension.subjectAlternativeName, false, subjectAltNames(sanDnsOrIp));
        }
        CertificateSigner.add(builder, Extension.subjectKeyIdentifier, false,
                CertificateSigner.extensions().createSubjectKeyIdentifier(keys.getPublic()));
        CertificateSigner.add(builder, Extension.authorityKeyIdentifier, false,
                CertificateSigner.extensions().createAuthorityKeyIdentifier(certificate.getPublicKey()));
        X509Certificate leaf = CertificateSigner.sign(builder, key);
        return new IssuedCertificate(Pem.encode(leaf), Pem.encode(keys.getPrivate()));
    }

    /** The CA's certificate and key, for the SecretStore. */
    public CaMaterial material() {
        return new CaMaterial(Pem.encode(certificate), Pem.encode(key));
    }

    /** The CA certificate, PEM: what every peer of the cluster trusts. */
    public String certPem() {
        return Pem.encode(certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    private static GeneralNames subjectAltNames(List<String> names) {
        GeneralName[] entries = names.stream()
                .map(name -> IPAddress.isValid(name)
                        ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        return new GeneralNames(entries);
    }

    @Override
    public String toString() {
        return "ClusterCa[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
