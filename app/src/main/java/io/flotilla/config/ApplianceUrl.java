package io.flotilla.config;

import io.flotilla.config.tls.InstanceCertificates;
import io.flotilla.config.tls.InstanceTlsConfig;
import io.flotilla.config.tls.InstanceTlsServer;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.net.URI;

/** The URL cluster instances and users reach this appliance under, and the certificate pin instances get with it. */
@Singleton
public class ApplianceUrl {
    private final FlotillaConfig config;
    private final Provider<EmbeddedServer> server;
    private final InstanceTlsConfig tlsConfig;
    private final BeanProvider<InstanceTlsServer> tlsServer;
    private final InstanceCertificates certificates;

    public ApplianceUrl(FlotillaConfig config, Provider<EmbeddedServer> server, InstanceTlsConfig tlsConfig,
                        BeanProvider<InstanceTlsServer> tlsServer, InstanceCertificates certificates) {
        this.config = config;
        this.server = server;
        this.tlsConfig = tlsConfig;
        this.tlsServer = tlsServer;
        this.certificates = certificates;
    }

    /**
     * With the instance HTTPS port on (the default): {@code flotilla.instance-tls.url} when set, else
     * {@code https://<host of flotilla.public-url, or 127.0.0.1>:<instance HTTPS port>}. With it off:
     * {@code flotilla.public-url} when set, else this process's own HTTP address on the loopback interface.
     */
    public String forInstances() {
        if (tlsServer.isPresent()) {
            if (tlsConfig.getUrl() != null) {
                if (!tlsConfig.getUrl().startsWith("https://")) {
                    throw new ConfigurationException("flotilla.instance-tls.url must be an https:// URL, not " + tlsConfig.getUrl());
                }
                return trimmed(tlsConfig.getUrl());
            }
            String host = publicHost();
            return "https://" + (host == null ? "127.0.0.1" : host) + ":" + tlsServer.get().port();
        }
        String configured = config.getPublicUrl();
        if (configured != null && !configured.isBlank()) {
            return trimmed(configured);
        }
        return "http://127.0.0.1:" + server.get().getPort();
    }

    /**
     * The SHA-256 fingerprint instances pin for {@link #forInstances()}: that of the certificate of the instance HTTPS
     * port, unless the port is off or {@code flotilla.instance-tls.pin} is false (then null: normal verification).
     */
    @Nullable
    public String fingerprintForInstances() {
        return tlsServer.isPresent() && tlsConfig.isPin() ? certificates.current().fingerprint() : null;
    }

    /**
     * The public-key pin ({@code sha256//…}, curl's {@code --pinnedpubkey}) of the same certificate, whenever
     * {@link #fingerprintForInstances()} gives a fingerprint; else null.
     */
    @Nullable
    public String publicKeyPinForInstances() {
        return tlsServer.isPresent() && tlsConfig.isPin() ? certificates.current().publicKeyPin() : null;
    }

    @Nullable
    private String publicHost() {
        String configured = config.getPublicUrl();
        if (configured == null || configured.isBlank()) {
            return null;
        }
        try {
            return URI.create(configured.trim()).getHost();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("flotilla.public-url is not a URL: " + configured, e);
        }
    }

    private static String trimmed(String url) {
        return url.trim().replaceAll("/+$", "");
    }
}
