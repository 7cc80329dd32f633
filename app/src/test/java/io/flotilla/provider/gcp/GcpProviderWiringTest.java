package io.flotilla.provider.gcp;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** flotilla.gcp.enabled=true registers the gcp provider, configured from flotilla.gcp.*, with a call listener bean. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpProviderWiringTest extends AppTestProperties {
    static final FakeComputeEngine FAKE = FakeComputeEngine.start();
    @Inject
    ProviderRegistry registry;
    @Inject
    GcpProviderConfig config;
    @Inject
    ApplianceId applianceId;
    @Inject
    Listener listener;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.gcp.enabled", "true", "flotilla.gcp.project", FAKE.project(),
                "flotilla.gcp.region", FAKE.region(), "flotilla.gcp.zones", "europe-west1-d,europe-west1-b",
                "flotilla.gcp.compute-endpoint", FAKE.endpoint(), "flotilla.gcp.allowed-cidrs", "203.0.113.0/24",
                "flotilla.gcp.spot-policy", "spot_with_fallback", "flotilla.gcp.machine-type-cache-ttl", "30m",
                "flotilla.test.gcp-call-listener", "true");
    }

    @AfterAll
    void stopFake() {
        FAKE.close();
    }

    @Test
    void theDefaultAccountLaunchesInItsFirstZoneWithTheConfiguredPolicy() {
        assertThat(config.getMachineTypeCacheTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(registry.get("gcp")).isInstanceOf(GceComputeProvider.class);
        GceComputeProvider provider = (GceComputeProvider) registry.get("gcp");
        assertThat(provider.account().zones()).containsExactly("europe-west1-d", "europe-west1-b");

        String cluster = "9a9a9a9a-0000-4000-8000-000000000001";
        Map<String, String> tags = Map.of(ResourceTags.APPLIANCE, applianceId.value(), ResourceTags.CLUSTER, cluster);
        LaunchedInstance worker = provider.launch(new LaunchRequest(cluster + "/worker-1", "worker-1", InstanceRole.WORKER,
                new InstanceSize(2, 4L << 30), tags, new AgentBoot("https://appliance.example", GceFixtures.TOKEN)));
        assertThat(worker.instanceId()).startsWith("europe-west1-d/");
        assertThat(FAKE.instances().get(0).getScheduling().getProvisioningModel()).isEqualTo("SPOT");
        assertThat(listener.calls).anyMatch(c -> c.startsWith("POST ") && c.endsWith("/zones/europe-west1-d/instances"));

        provider.terminate(List.of(worker.instanceId()));
        assertThat(FAKE.instances()).isEmpty();
        assertThat(FAKE.firewalls()).isEmpty();
    }

    /** Records the provider's calls (what a role check reads). */
    @Singleton
    @Requires(property = "flotilla.test.gcp-call-listener", value = "true")
    static class Listener implements GcpCallListener {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onCall(String httpMethod, String path, String rpcMethod) {
            calls.add(httpMethod + " " + path);
        }
    }
}
