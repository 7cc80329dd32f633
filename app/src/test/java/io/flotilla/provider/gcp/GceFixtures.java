package io.flotilla.provider.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.ResourceTags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A provider of the {@code gcp} kind against a {@link FakeComputeEngine}, with the real Compute Engine client. */
final class GceFixtures {
    static final String APPLIANCE = "5f0c6d2e-8c4b-4a57-9d2f-1b2c3d4e5f60";
    static final String TOKEN = "bootstrap-Token_0123456789abcdef";
    static final List<String> CIDRS = List.of("203.0.113.0/24", "198.51.100.7/32");
    /** One instance: clients are kept per account key and credentials. */
    static final NoCredentialsProvider NO_CREDENTIALS = (NoCredentialsProvider) NoCredentialsProvider.create();

    /** Every call the provider's clients sent: HTTP method and path. */
    static final class RecordedCalls implements GcpCallListener {
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onCall(String httpMethod, String path, String rpcMethod) {
            calls.add(httpMethod + " " + path);
        }
    }

    private GceFixtures() {
    }

    static GcpAccountContext account(FakeComputeEngine fake, List<String> zones) {
        return new GcpAccountContext("acct-" + fake.endpoint().hashCode(), "test-project", fake.project(), fake.region(),
                zones, NO_CREDENTIALS, null, List.of(), CIDRS,
                "flotilla-worker@" + fake.project() + ".iam.gserviceaccount.com", fake.endpoint());
    }

    static GcpProviderConfig config() {
        GcpProviderConfig config = new GcpProviderConfig();
        config.setEnabled(true);
        return config;
    }

    static GceComputeProvider provider(FakeComputeEngine fake, GcpClients clients, GcpProviderConfig config, List<String> zones) {
        return new GceComputeProvider(config, clients, () -> APPLIANCE, account(fake, zones));
    }

    static GceComputeProvider provider(FakeComputeEngine fake, GcpClients clients) {
        return provider(fake, clients, config(), fake.zones());
    }

    static Map<String, String> tags(String cluster) {
        return Map.of(ResourceTags.APPLIANCE, APPLIANCE, ResourceTags.CLUSTER, cluster, ResourceTags.WORKSPACE, "Team.Data");
    }

    static LaunchRequest request(String cluster, String name, InstanceRole role, InstanceSize size, String spotPolicy) {
        return new LaunchRequest(cluster + "/" + name, name, role, size, tags(cluster),
                new AgentBoot("https://appliance.example:8443", TOKEN), spotPolicy, List.of());
    }

    static LaunchRequest worker(String cluster, String name, String spotPolicy) {
        return request(cluster, name, InstanceRole.WORKER, new InstanceSize(2, 8L << 30), spotPolicy);
    }

    static LaunchRequest scheduler(String cluster) {
        return request(cluster, "scheduler", InstanceRole.SCHEDULER, new InstanceSize(2, 4L << 30), "spot");
    }
}
