package io.flotilla.environment;

import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountService;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.environment.builder.ImageBuilder;
import io.flotilla.error.ServiceException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The builders installed, by id; a workspace's builder is the one of its provider (local unless bound to a cloud account). */
@Singleton
public class ImageBuilders {
    private final List<ImageBuilder> builders;
    private final CloudAccountService accounts;

    public ImageBuilders(List<ImageBuilder> builders, CloudAccountService accounts) {
        this.builders = builders;
        this.accounts = accounts;
    }

    public String providerOf(UUID workspaceId) {
        return accounts.boundTo(workspaceId).map(CloudAccount::provider).orElse(ProviderRegistry.DEFAULT_PROVIDER);
    }

    public Optional<UUID> cloudAccountOf(UUID workspaceId) {
        return accounts.boundTo(workspaceId).map(CloudAccount::id);
    }

    /** The builder with that id, or 503 with a sentence. */
    public ImageBuilder byId(String id) {
        return builders.stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow(() -> ServiceException.unavailable(
                "builder_not_configured", "No software environment builder for provider '" + id
                        + "' is installed on this appliance.", null));
    }
}
