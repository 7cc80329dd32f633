package io.flotilla.usage.notices;

import io.flotilla.secrets.SecretPaths;
import io.flotilla.secrets.SecretStore;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Workspaces' webhook secrets, kept only in the {@link SecretStore} (never in the database). */
@Singleton
public class WebhookSecrets {
    private static final String KEY = "secret";
    private final SecretStore store;
    private final SecureRandom random = new SecureRandom();

    public WebhookSecrets(SecretStore store) {
        this.store = store;
    }

    /** A new random secret for the workspace, replacing the old one; returned to be shown once. */
    public String rotate(UUID workspaceId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + HexFormat.of().formatHex(bytes);
        store.put(path(workspaceId), Map.of(KEY, secret));
        return secret;
    }

    /** The workspace's secret, if it has one. */
    public Optional<String> current(UUID workspaceId) {
        return store.get(path(workspaceId)).map(data -> data.get(KEY));
    }

    /** Forgets the workspace's secret (its webhook was cleared). */
    public void delete(UUID workspaceId) {
        store.delete(path(workspaceId));
    }

    private static String path(UUID workspaceId) {
        return SecretPaths.require("workspaces/" + workspaceId + "/usage-webhook");
    }
}
