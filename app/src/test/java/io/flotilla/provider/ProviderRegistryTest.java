package io.flotilla.provider;

import io.flotilla.error.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {
    private static final UUID ACCOUNT_A = UUID.randomUUID();
    private static final UUID ACCOUNT_B = UUID.randomUUID();

    @Test
    void findsProvidersByIdAndRefusesUnknownOnesClearly() {
        ProviderRegistry registry = new ProviderRegistry(List.of(new Named("local"), new Named("aws")), List.of());

        assertThat(registry.get("aws").id()).isEqualTo("aws");
        assertThat(registry.ids()).containsExactly("aws", "local");
        assertThatThrownBy(() -> registry.get("gcp"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo("provider_not_configured");
                });
    }

    @Test
    void accountScopedProvidersAnswerByTheClustersAccountAndReplaceTheirPlainNamesakeWhenSweeping() {
        ComputeProvider accountA = new Named("aws");
        ComputeProvider accountB = new Named("aws");
        AccountScopedProviders family = new AccountScopedProviders() {
            @Override
            public String providerId() {
                return "aws";
            }

            @Override
            public ProviderCapabilities capabilities() {
                return new ProviderCapabilities(true, true, true, true);
            }

            @Override
            public ComputeProvider forAccount(UUID cloudAccountId) {
                return ACCOUNT_B.equals(cloudAccountId) ? accountB : accountA;
            }

            @Override
            public List<ComputeProvider> all() {
                return List.of(accountA, accountB);
            }
        };
        ComputeProvider local = new Named("local");
        ProviderRegistry registry = new ProviderRegistry(List.of(local, new Named("aws")), List.of(family));

        assertThat(registry.forAccount("aws", ACCOUNT_B)).isSameAs(accountB);
        assertThat(registry.forAccount("aws", ACCOUNT_A)).isSameAs(accountA);
        assertThat(registry.forAccount("local", null)).isSameAs(local);
        assertThat(registry.everyProvider()).containsExactly(local, accountA, accountB);
        assertThat(registry.supports("aws")).isTrue();
        assertThat(registry.supports("gcp")).isFalse();
        assertThat(registry.capabilities("aws").gpu()).as("account-scoped capabilities win").isTrue();
    }

    @Test
    void refusesTwoProvidersWithOneId() {
        assertThatThrownBy(() -> new ProviderRegistry(List.of(new Named("local"), new Named("local")), List.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tagFiltersNeedEveryEntry() {
        Map<String, String> tags = Map.of(ResourceTags.APPLIANCE, "a", ResourceTags.CLUSTER, "c");
        assertThat(ResourceTags.matches(tags, Map.of())).isTrue();
        assertThat(ResourceTags.matches(tags, Map.of(ResourceTags.CLUSTER, "c"))).isTrue();
        assertThat(ResourceTags.matches(tags, Map.of(ResourceTags.CLUSTER, "c", ResourceTags.ROLE, "worker")))
                .isFalse();
        assertThat(ResourceTags.matches(tags, Map.of(ResourceTags.CLUSTER, "other"))).isFalse();
    }

    @Test
    void agentBootKeepsItsTokenOutOfToString() {
        assertThat(new AgentBoot("https://appliance", "flb_secret").toString()).doesNotContain("flb_secret");
    }

    /** A provider that only has a name. */
    private record Named(String id) implements ComputeProvider {
        @Override
        public ProviderCapabilities capabilities() {
            return new ProviderCapabilities(false, false, false, false);
        }

        @Override
        public LaunchedInstance launch(LaunchRequest request, CloudMutations mutations) {
            throw new AssertionError("a name-only test provider must not be asked to launch");
        }

        @Override
        public void terminate(Collection<String> instanceIds, CloudMutations mutations) {
            throw new AssertionError("a name-only test provider must not be asked to terminate");
        }

        @Override
        public Optional<ClusterResourceCleanup> cleanup() {
            return Optional.empty();
        }

        @Override
        public Optional<LeftoverResources> leftovers() {
            return Optional.empty();
        }

        @Override
        public Optional<InterruptionReasons> interruptions() {
            return Optional.empty();
        }

        @Override
        public List<ObservedInstance> list(Map<String, String> tagFilter) {
            return List.of();
        }
    }
}
