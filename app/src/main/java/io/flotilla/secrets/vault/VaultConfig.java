package io.flotilla.secrets.vault;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How Flotilla reaches HashiCorp Vault ({@code flotilla.vault.*}). Leave {@code addr} empty to use the
 * embedded secret store instead. Authenticate with either a token or an AppRole (role id + secret id).
 */
@ConfigurationProperties("flotilla.vault")
public class VaultConfig {
    /** Vault's address, e.g. {@code https://vault.internal:8200}; empty selects the embedded store. Env: FLOTILLA_VAULT_ADDR. */
    private String addr;
    /** A Vault token (token auth). Renewed before expiry when renewable. Env: FLOTILLA_VAULT_TOKEN. */
    private String token;
    /** AppRole role id (AppRole auth, used instead of a token when set). Env: FLOTILLA_VAULT_ROLE_ID. */
    private String roleId;
    /** AppRole secret id. Env: FLOTILLA_VAULT_SECRET_ID. */
    private String secretId;
    /** Mount path of the KV version 2 secrets engine. Env: FLOTILLA_VAULT_MOUNT. */
    private String mount = "secret";
    /** Prefix inside the mount under which Flotilla keeps its secrets. Env: FLOTILLA_VAULT_PATH_PREFIX. */
    private String pathPrefix = "flotilla";
    /** Vault Enterprise namespace; empty for none. Env: FLOTILLA_VAULT_NAMESPACE. */
    private String namespace;
    /** Connect and read timeout of each request to Vault. Env: FLOTILLA_VAULT_TIMEOUT. */
    private Duration timeout = Duration.ofSeconds(5);
    /** How often the Vault driver retries a failed request. Env: FLOTILLA_VAULT_MAX_RETRIES. */
    private int maxRetries = 2;
    /** Pause between the driver's retries. Env: FLOTILLA_VAULT_RETRY_INTERVAL. */
    private Duration retryInterval = Duration.ofMillis(500);

    /** True when an address is configured, i.e. Vault is the secret store. */
    public boolean isEnabled() {
        return addr != null && !addr.isBlank();
    }

    /** True when a role id is configured, i.e. AppRole auth is used. */
    public boolean usesAppRole() {
        return roleId != null && !roleId.isBlank();
    }

    public String getAddr() {
        return addr;
    }

    public void setAddr(String addr) {
        this.addr = addr == null ? null : addr.strip().replaceAll("/+$", "");
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getRoleId() {
        return roleId;
    }

    public void setRoleId(String roleId) {
        this.roleId = roleId;
    }

    public String getSecretId() {
        return secretId;
    }

    public void setSecretId(String secretId) {
        this.secretId = secretId;
    }

    public String getMount() {
        return mount;
    }

    public void setMount(String mount) {
        this.mount = trimSlashes(mount);
    }

    public String getPathPrefix() {
        return pathPrefix;
    }

    public void setPathPrefix(String pathPrefix) {
        this.pathPrefix = trimSlashes(pathPrefix);
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Duration getRetryInterval() {
        return retryInterval;
    }

    public void setRetryInterval(Duration retryInterval) {
        this.retryInterval = retryInterval;
    }

    private static String trimSlashes(String value) {
        return value == null ? null : value.strip().replaceAll("^/+|/+$", "");
    }
}
