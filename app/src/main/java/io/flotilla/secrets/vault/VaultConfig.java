package io.flotilla.secrets.vault;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How Flotilla reaches HashiCorp Vault ({@code flotilla.vault.*}). Leave {@code addr} empty to use the
 * embedded secret store instead. Authenticate with a token, an AppRole (role id + secret id), or without a
 * configured secret through the appliance's cloud identity: Vault's AWS IAM, GCP or Kubernetes auth method
 * ({@link #getAuthMethod()}).
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
    /** token, approle, aws, gcp or kubernetes; empty: approle when a role id is set, else token. Env: FLOTILLA_VAULT_AUTH_METHOD. */
    private String authMethod;
    /** Mount path of the auth method; empty: the method's name (approle, aws, gcp, kubernetes). Env: FLOTILLA_VAULT_AUTH_MOUNT. */
    private String authMount;
    /** The Vault role to log in as with the aws, gcp and kubernetes methods. Env: FLOTILLA_VAULT_AUTH_ROLE. */
    private String authRole;
    /** AWS IAM auth: the STS endpoint the signed GetCallerIdentity names. Env: FLOTILLA_VAULT_AWS_STS_ENDPOINT. */
    private String awsStsEndpoint = "https://sts.amazonaws.com";
    /** AWS IAM auth: the region the request is signed for (us-east-1 for the global endpoint). Env: FLOTILLA_VAULT_AWS_REGION. */
    private String awsRegion = "us-east-1";
    /** AWS IAM auth: the X-Vault-AWS-IAM-Server-ID header value (Vault's iam_server_id_header_value); empty: none. Env: FLOTILLA_VAULT_AWS_SERVER_ID. */
    private String awsServerId;
    /** GCP auth: host[:port] of the GCE metadata server that issues the identity token. Env: FLOTILLA_VAULT_GCP_METADATA_HOST. */
    private String gcpMetadataHost = "metadata.google.internal";
    /** Kubernetes auth: the service account token file. Env: FLOTILLA_VAULT_KUBERNETES_TOKEN_PATH. */
    private String kubernetesTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";
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

    /** The auth method in force: the configured one, else AppRole when a role id is set, else token. */
    public VaultAuthMethod method() {
        if (authMethod != null && !authMethod.isBlank()) {
            return VaultAuthMethod.parse(authMethod);
        }
        return roleId != null && !roleId.isBlank() ? VaultAuthMethod.APPROLE : VaultAuthMethod.TOKEN;
    }

    /** The mount path of the auth method in force. */
    public String effectiveAuthMount() {
        return authMount == null || authMount.isBlank() ? method().configName() : authMount;
    }

    public String getAuthMethod() {
        return authMethod;
    }

    public void setAuthMethod(String authMethod) {
        this.authMethod = authMethod;
    }

    public String getAuthMount() {
        return authMount;
    }

    public void setAuthMount(String authMount) {
        this.authMount = trimSlashes(authMount);
    }

    public String getAuthRole() {
        return authRole;
    }

    public void setAuthRole(String authRole) {
        this.authRole = authRole;
    }

    public String getAwsStsEndpoint() {
        return awsStsEndpoint;
    }

    public void setAwsStsEndpoint(String awsStsEndpoint) {
        this.awsStsEndpoint = awsStsEndpoint;
    }

    public String getAwsRegion() {
        return awsRegion;
    }

    public void setAwsRegion(String awsRegion) {
        this.awsRegion = awsRegion;
    }

    public String getAwsServerId() {
        return awsServerId;
    }

    public void setAwsServerId(String awsServerId) {
        this.awsServerId = awsServerId;
    }

    public String getGcpMetadataHost() {
        return gcpMetadataHost;
    }

    public void setGcpMetadataHost(String gcpMetadataHost) {
        this.gcpMetadataHost = gcpMetadataHost;
    }

    public String getKubernetesTokenPath() {
        return kubernetesTokenPath;
    }

    public void setKubernetesTokenPath(String kubernetesTokenPath) {
        this.kubernetesTokenPath = kubernetesTokenPath;
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
