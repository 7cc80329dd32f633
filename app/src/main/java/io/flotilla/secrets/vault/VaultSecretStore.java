package io.flotilla.secrets.vault;

import io.flotilla.error.ServiceException;
import io.flotilla.secrets.SecretPaths;
import io.flotilla.secrets.SecretStore;
import io.github.jopenlibs.vault.Vault;
import io.micronaut.core.util.SupplierUtil;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Secrets in HashiCorp Vault's KV version 2 engine, at {@code <mount>/data/<path-prefix>/<path>}.
 * Delete removes every version and the metadata. Retries are the driver's own
 * ({@code flotilla.vault.max-retries}); token renewal is {@link VaultTokenRenewal}'s job.
 */
public final class VaultSecretStore implements SecretStore {
    private final VaultConfig config;
    private final VaultSession session;
    private final VaultErrors errors;

    public VaultSecretStore(VaultConfig config, Clock clock) {
        this(config, clock, SupplierUtil.memoized(() -> DefaultCredentialsProvider.builder().build()));
    }

    /** With the AWS credentials that sign AWS IAM logins (tests); the default is the SDK's default chain. */
    VaultSecretStore(VaultConfig config, Clock clock, Supplier<? extends AwsCredentialsProvider> awsCredentials) {
        this.config = config;
        this.session = new VaultSession(config, clock, awsCredentials::get);
        this.errors = new VaultErrors(config);
    }

    @Override
    public void put(String path, Map<String, String> data) {
        Map<String, Object> values = new LinkedHashMap<>(SecretStore.requireData(data));
        LogicalResponse response = call(vault -> vault.logical().write(fullPath(path), values));
        requireSuccess(response.getRestResponse().getStatus(), false);
    }

    @Override
    public Optional<Map<String, String>> get(String path) {
        LogicalResponse response = call(vault -> vault.logical().read(fullPath(path)));
        if (requireSuccess(response.getRestResponse().getStatus(), true)) {
            return Optional.empty();
        }
        return Optional.of(Map.copyOf(response.getData()));
    }

    @Override
    public void delete(String path) {
        call(vault -> vault.logical().delete(fullPath(path)));
    }

    @Override
    public Health health() {
        try {
            HealthResponse health = session.anonymous().debug().health();
            if (Boolean.TRUE.equals(health.getSealed())) {
                return Health.down(errors.sealedMessage());
            }
            if (Boolean.FALSE.equals(health.getInitialized())) {
                return Health.down("Vault at " + config.getAddr() + " is not initialized: an operator must initialize and unseal it.");
            }
            session.vault();
            return Health.up("Vault at " + config.getAddr() + " is unsealed; KV v2 mount '" + config.getMount() + "'.");
        } catch (VaultException e) {
            return Health.down(errors.of(e).getMessage());
        } catch (RuntimeException e) {
            return Health.down("Vault at " + config.getAddr() + " cannot be checked: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String describe() {
        String auth = VaultLogin.label(config.method());
        String namespace = config.getNamespace() == null || config.getNamespace().isBlank() ? "" : ", namespace " + config.getNamespace();
        return "Vault at " + config.getAddr() + " (KV v2 mount '" + config.getMount() + "', prefix '" + config.getPathPrefix()
                + "', " + auth + " auth" + namespace + ")";
    }

    /** Renews the Vault token if due (called on a schedule). */
    public void renewTokenIfDue() {
        try {
            session.renewIfDue();
        } catch (VaultException e) {
            throw errors.of(e);
        }
    }

    String fullPath(String path) {
        SecretPaths.require(path);
        String prefix = config.getPathPrefix() == null || config.getPathPrefix().isEmpty() ? "" : config.getPathPrefix() + "/";
        return config.getMount() + "/" + prefix + path;
    }

    /** True for 404 when allowed; throws for every other non-2xx status. */
    private boolean requireSuccess(int status, boolean notFoundAllowed) {
        if (status >= 200 && status < 300) {
            return false;
        }
        if (status == 404 && notFoundAllowed) {
            return true;
        }
        throw failure(errors.ofStatus(status, null), status);
    }

    private <T> T call(VaultCall<T> operation) {
        try {
            return operation.run(session.vault());
        } catch (VaultException e) {
            throw failure(errors.of(e), e.getHttpStatusCode());
        }
    }

    private ServiceException failure(ServiceException e, int status) {
        if (status == 403) {
            session.invalidate();
        }
        return e;
    }

    private interface VaultCall<T> {
        T run(Vault vault) throws VaultException;
    }
}
