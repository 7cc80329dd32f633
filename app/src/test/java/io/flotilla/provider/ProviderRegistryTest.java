package io.flotilla.provider;

import io.flotilla.error.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {
    @Test
    void findsProvidersByIdAndRefusesUnknownOnesClearly() {
        ProviderRegistry registry = new ProviderRegistry(List.of(new Named("local"), new Named("aws")));

        assertThat(registry.get("aws").id()).isEqualTo("aws");
        assertThat(registry.ids()).containsExactly("aws", "local");
        assertThatThrownBy(() -> registry.get("gcp"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo("provider_not_configured");
                });
    }

    @Test
    void refusesTwoProvidersWithOneId() {
        assertThatThrownBy(() -> new ProviderRegistry(List.of(new Named("local"), new Named("local"))))
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
            return new ProviderCapabilities(false, false, false);
        }

        @Override
        public LaunchedInstance launch(LaunchRequest request) {
            throw new AssertionError("a name-only test provider must not be asked to launch");
        }

        @Override
        public void terminate(Collection<String> instanceIds) {
            throw new AssertionError("a name-only test provider must not be asked to terminate");
        }

        @Override
        public List<ObservedInstance> list(Map<String, String> tagFilter) {
            return List.of();
        }
    }
}
