package io.flotilla.config.tls;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * The appliance's own HTTPS port for cluster instances ({@code flotilla.instance-tls.*}): instances fetch their
 * private keys there, so those never cross the network in clear. The certificate is the one IT configures
 * (PEM files or a key store), or else one the appliance generates once and keeps in the secret store; instances
 * receive its SHA-256 fingerprint in their start data and pin it.
 */
@ConfigurationProperties("flotilla.instance-tls")
public class InstanceTlsConfig {
    /** Whether the appliance serves the instance HTTPS port. Env: FLOTILLA_INSTANCE_TLS_ENABLED. */
    private boolean enabled = true;
    /** The HTTPS port for instances (-1: a free one, for tests). Env: FLOTILLA_INSTANCE_TLS_PORT. */
    private int port = 8443;
    /**
     * The https URL instances reach that port under, when it is not the public URL's host with {@link #port}
     * (NAT, a name only the VPC resolves). Env: FLOTILLA_INSTANCE_TLS_URL.
     */
    @Nullable
    private String url;
    /**
     * Whether instances get the certificate's fingerprint to pin. Turn off only for a configured certificate that
     * instances' system trust stores verify, so that its renewal does not cut off running clusters.
     * Env: FLOTILLA_INSTANCE_TLS_PIN.
     */
    private boolean pin = true;
    /** PEM certificate (chain, leaf first) to serve instead of a generated one. Env: FLOTILLA_INSTANCE_TLS_CERTIFICATE_FILE. */
    @Nullable
    private Path certificateFile;
    /** PEM private key (PKCS#8 or PKCS#1, unencrypted) of {@link #certificateFile}. Env: FLOTILLA_INSTANCE_TLS_KEY_FILE. */
    @Nullable
    private Path keyFile;
    /** Key store (PKCS12 or JKS) holding the certificate and key, instead of PEM files. Env: FLOTILLA_INSTANCE_TLS_KEY_STORE. */
    @Nullable
    private Path keyStore;
    /** Password of {@link #keyStore} and of its key. Env: FLOTILLA_INSTANCE_TLS_KEY_STORE_PASSWORD. */
    @Nullable
    private String keyStorePassword;
    /** Type of {@link #keyStore}. Env: FLOTILLA_INSTANCE_TLS_KEY_STORE_TYPE. */
    private String keyStoreType = "PKCS12";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    @Nullable
    public String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url == null || url.isBlank() ? null : url.trim();
    }

    public boolean isPin() {
        return pin;
    }

    public void setPin(boolean pin) {
        this.pin = pin;
    }

    @Nullable
    public Path getCertificateFile() {
        return certificateFile;
    }

    public void setCertificateFile(@Nullable Path certificateFile) {
        this.certificateFile = emptyToNull(certificateFile);
    }

    @Nullable
    public Path getKeyFile() {
        return keyFile;
    }

    public void setKeyFile(@Nullable Path keyFile) {
        this.keyFile = emptyToNull(keyFile);
    }

    @Nullable
    public Path getKeyStore() {
        return keyStore;
    }

    public void setKeyStore(@Nullable Path keyStore) {
        this.keyStore = emptyToNull(keyStore);
    }

    @Nullable
    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    public void setKeyStorePassword(@Nullable String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public String getKeyStoreType() {
        return keyStoreType;
    }

    public void setKeyStoreType(String keyStoreType) {
        this.keyStoreType = keyStoreType == null || keyStoreType.isBlank() ? "PKCS12" : keyStoreType;
    }

    private static Path emptyToNull(@Nullable Path path) {
        return path == null || path.toString().isBlank() ? null : path;
    }
}
