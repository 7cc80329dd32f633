package io.flotilla.secrets.vault;

import java.util.Arrays;
import java.util.Locale;

/**
 * How Flotilla logs in to Vault ({@code flotilla.vault.auth-method}). {@code token} and {@code approle} need a
 * configured credential; {@code aws}, {@code gcp} and {@code kubernetes} log in with the identity the appliance
 * already has (its instance role, its GCE service account, its Kubernetes service account): no secret zero.
 */
public enum VaultAuthMethod {
    TOKEN("token"),
    APPROLE("approle"),
    AWS("aws"),
    GCP("gcp"),
    KUBERNETES("kubernetes");

    private final String name;

    VaultAuthMethod(String name) {
        this.name = name;
    }

    /** The method's configuration name, also the default mount path of its auth backend. */
    public String configName() {
        return name;
    }

    /** True for the methods that log in (and can log in again), i.e. all but a configured token. */
    public boolean logsIn() {
        return this != TOKEN;
    }

    /** The method named {@code value} (case-insensitive), or an error listing the valid names. */
    public static VaultAuthMethod parse(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.name.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("flotilla.vault.auth-method '" + value
                        + "' is not one of " + Arrays.stream(values()).map(VaultAuthMethod::configName).toList()));
    }
}
