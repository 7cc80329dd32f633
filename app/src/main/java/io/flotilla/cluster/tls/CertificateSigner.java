package io.flotilla.cluster.tls;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;

/** The BouncyCastle plumbing shared by the CA and its leaves: keys, serials, extensions, signing. */
final class CertificateSigner {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE = "SHA256withECDSA";

    private CertificateSigner() {
    }

    /** A fresh EC key pair on P-256 (secp256r1). */
    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is required by every Java runtime", e);
        }
    }

    /** A builder with a random positive 159-bit serial number. */
    static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, Instant notBefore, Instant notAfter,
                                            PublicKey publicKey) {
        BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject,
                publicKey);
    }

    static void add(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical,
                    ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode certificate extension " + oid, e);
        }
    }

    static JcaX509ExtensionUtils extensions() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signingKey)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot sign the certificate", e);
        }
    }
}
