package io.flotilla.config.tls;

import io.flotilla.cluster.tls.IssuedCertificate;
import io.flotilla.cluster.tls.Pem;
import io.flotilla.cluster.tls.SelfSignedServerCertificate;
import io.flotilla.config.FlotillaConfig;
import io.flotilla.secrets.SecretStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.bouncycastle.util.IPAddress;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the instance HTTPS certificate comes from: IT's configured one, or else one the appliance generates once and
 * keeps in the {@link SecretStore} (the source of truth; no key file on disk), so that restarts serve the same
 * certificate and instances keep the same pin. A stored certificate is replaced only when it is about to expire or
 * does not name the host instances now use.
 */
@Singleton
public class InstanceCertificates {
    /** Where the generated certificate and key are kept in the secret store. */
    public static final String SECRET_PATH = "appliance/instance-tls";
    private static final Logger LOG = LoggerFactory.getLogger(InstanceCertificates.class);
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private final InstanceTlsConfig config;
    private final FlotillaConfig flotilla;
    private final SecretStore secrets;
    private final Clock clock;
    private volatile InstanceCertificate current;

    public InstanceCertificates(InstanceTlsConfig config, FlotillaConfig flotilla, SecretStore secrets, Clock clock) {
        this.config = config;
        this.flotilla = flotilla;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The certificate to serve, read (or generated) once per process. */
    public synchronized InstanceCertificate current() {
        if (current == null) {
            current = ConfiguredInstanceCertificate.configured(config) ? ConfiguredInstanceCertificate.load(config) : storedOrNew();
            LOG.info("Instance HTTPS certificate ({}): SHA-256 fingerprint {}", current.origin(), current.fingerprint());
        }
        return current;
    }

    /** The names the certificate must carry: loopback, and the hosts of the public URL and the instance URL. */
    List<String> requiredNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        host(flotilla.getPublicUrl()).ifPresent(names::add);
        host(config.getUrl()).ifPresent(names::add);
        return List.copyOf(names);
    }

    private InstanceCertificate storedOrNew() {
        Optional<InstanceCertificate> stored = secrets.get(SECRET_PATH)
                .map(m -> new InstanceCertificate(Pem.privateKey(m.get("key")), List.of(Pem.certificate(m.get("cert"))),
                        "generated, kept in the secret store"));
        if (stored.isPresent() && stillGood(stored.get().leaf())) {
            return stored.get();
        }
        Instant now = clock.instant();
        IssuedCertificate made = SelfSignedServerCertificate.create("Flotilla appliance (instances)", requiredNames(),
                now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY));
        secrets.put(SECRET_PATH, Map.of("cert", made.certPem(), "key", made.keyPem()));
        LOG.info(stored.isPresent() ? "Instance HTTPS certificate renewed (it expired soon or did not name {})"
                : "Instance HTTPS certificate generated for {}", requiredNames());
        return new InstanceCertificate(Pem.privateKey(made.keyPem()), List.of(Pem.certificate(made.certPem())),
                "generated, kept in the secret store");
    }

    private boolean stillGood(X509Certificate leaf) {
        if (leaf.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            return false;
        }
        return names(leaf).containsAll(requiredNames().stream().map(InstanceCertificates::normal).toList());
    }

    private static Set<String> names(X509Certificate leaf) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> entries = leaf.getSubjectAlternativeNames();
            for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
                names.add(normal(String.valueOf(entry.get(1))));
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }

    /** IPv6 literals in one spelling (Java writes SANs in full, {@code 0:0:0:0:0:0:0:1}); other names as they are. */
    private static String normal(String name) {
        if (!IPAddress.isValidIPv6(name)) {
            return name;
        }
        try {
            return InetAddress.getByName(name).getHostAddress();
        } catch (UnknownHostException e) {
            return name;
        }
    }

    private static Optional<String> host(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            String host = URI.create(url.trim()).getHost();
            return host == null ? Optional.empty() : Optional.of(host.replaceAll("^\\[|]$", ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
