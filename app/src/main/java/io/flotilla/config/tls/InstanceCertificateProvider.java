package io.flotilla.config.tls;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.ssl.CertificateProvider;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hands the instance certificate to Micronaut's Netty TLS (Micronaut 4.10's {@link CertificateProvider} API, chosen by
 * {@link #NAME} as the listener's key name): the key store is built in memory from {@link InstanceCertificates}, so the
 * private key is never written to a file.
 */
@Singleton
@Named(InstanceCertificateProvider.NAME)
public class InstanceCertificateProvider implements CertificateProvider {
    /** The certificate provider name the instance TLS server asks for. */
    public static final String NAME = "flotilla-instance";
    private final InstanceCertificates certificates;
    /** Protects the in-memory key store entry; it never leaves this process. */
    private final String password;

    public InstanceCertificateProvider(InstanceCertificates certificates) {
        this.certificates = certificates;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.password = Base64.getEncoder().encodeToString(random);
    }

    /** The key store, ready at once on subscription (as the API asks); a certificate that cannot be had fails here. */
    @Override
    public Publisher<KeyStore> getKeyStore() {
        return Publishers.just(certificates.current().keyStore(password.toCharArray()));
    }

    /** The password the key store's entry is under (the TLS server's key password). */
    String password() {
        return password;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
