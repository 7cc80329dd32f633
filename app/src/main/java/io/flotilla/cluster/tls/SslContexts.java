package io.flotilla.cluster.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Java TLS contexts built from a cluster's PEMs: trust only the cluster CA, present one issued identity.
 * The appliance uses one to check that a scheduler answers over TLS; tests use them for real handshakes.
 */
public final class SslContexts {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory-only".toCharArray();

    private SslContexts() {
    }

    /**
     * A TLS 1.2/1.3 context that trusts {@code caCertPem} alone and presents {@code identity} (the leaf only:
     * every peer of a cluster already holds the CA).
     */
    public static SSLContext mutual(String caCertPem, IssuedCertificate identity) {
        try {
            X509Certificate ca = Pem.certificate(caCertPem);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("identity", Pem.privateKey(identity.keyPem()), IN_MEMORY_PASSWORD,
                    new Certificate[]{Pem.certificate(identity.certPem())});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustOnly(ca).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from the cluster certificates", e);
        }
    }

    /** A context that trusts {@code caCertPem} alone and presents no certificate of its own. */
    public static SSLContext trustingOnly(String caCertPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustOnly(Pem.certificate(caCertPem)).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from the cluster CA", e);
        }
    }

    private static TrustManagerFactory trustOnly(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cluster-ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory;
    }
}
