package io.flotilla.cluster.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** PEM encoding and decoding of certificates and PKCS#8 private keys, through BouncyCastle. */
public final class Pem {
    private Pem() {
    }

    public static String encode(X509Certificate certificate) {
        return write(certificate);
    }

    /** Unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), the form Python's ssl and OpenSSL load. */
    public static String encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the private key as PKCS#8", e);
        }
    }

    public static X509Certificate certificate(String pem) {
        Object object = read(pem);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("PEM does not hold a certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("PEM holds an unreadable certificate", e);
        }
    }

    public static PrivateKey privateKey(String pem) {
        Object object = read(pem);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("PEM holds an unreadable private key", e);
        }
        throw new IllegalArgumentException("PEM does not hold a private key");
    }

    private static Object read(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid PEM", e);
        }
    }

    private static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
