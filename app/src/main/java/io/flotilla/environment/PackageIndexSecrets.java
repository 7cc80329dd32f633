package io.flotilla.environment;

import io.flotilla.environment.builder.PackageIndex;
import io.flotilla.secrets.workspace.WorkspaceSecretService;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;

/**
 * A workspace's private package index, read from its secrets at build time: {@code PACKAGE_INDEX_URL} (required),
 * {@code PACKAGE_INDEX_USERNAME} and {@code PACKAGE_INDEX_PASSWORD}. The values live in the secret store only.
 */
@Singleton
public class PackageIndexSecrets {
    public static final String URL = "PACKAGE_INDEX_URL";
    public static final String USERNAME = "PACKAGE_INDEX_USERNAME";
    public static final String PASSWORD = "PACKAGE_INDEX_PASSWORD";
    private final WorkspaceSecretService secrets;

    public PackageIndexSecrets(WorkspaceSecretService secrets) {
        this.secrets = secrets;
    }

    public Optional<PackageIndex> forWorkspace(UUID workspaceId) {
        return secrets.valueFor(workspaceId, URL).map(url -> new PackageIndex(url.strip(),
                secrets.valueFor(workspaceId, USERNAME).orElse(null), secrets.valueFor(workspaceId, PASSWORD).orElse(null)));
    }
}
