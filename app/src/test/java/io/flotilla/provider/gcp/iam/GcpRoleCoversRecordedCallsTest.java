package io.flotilla.provider.gcp.iam;

import com.google.api.gax.core.NoCredentialsProvider;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.gcp.FakeComputeEngine;
import io.flotilla.provider.gcp.GceComputeProvider;
import io.flotilla.provider.gcp.GcpAccountContext;
import io.flotilla.provider.gcp.GcpCallListener;
import io.flotilla.provider.gcp.GcpCallPermissions;
import io.flotilla.provider.gcp.GcpClients;
import io.flotilla.provider.gcp.GcpProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ongoing custom role against what the provider really calls: a whole cluster round trip of the real client
 * against {@link FakeComputeEngine} (zones, machine types, firewall rules created and then patched when the allowed
 * addresses change, a scheduler and a Spot worker launched, listed, asked for preemptions, terminated, resources
 * released, leftovers listed) is recorded twice, by the provider's {@link GcpCallListener} and by the fake; every
 * permission {@link GcpCallPermissions} names for a recorded call is granted by the manifest's ongoing role (or, for
 * {@code iam.serviceAccounts.actAs}, by the binding on the worker service account), every API method the fake
 * answered is covered ({@link GcpRoleCoverage}), and the ongoing role holds nothing the manifest does not list.
 * That the validator names a permission the project lacks is {@link GcpPermissionValidatorTest}'s.
 */
class GcpRoleCoversRecordedCallsTest {
    private static final String APPLIANCE = "7b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    private static final String CLUSTER = "c0ffee00-0000-4000-8000-0000000000aa";

    @Test
    void everyCallOfAClusterRoundTripIsGrantedByTheOngoingRoleAndTheWorkerBinding() {
        List<String> listened = Collections.synchronizedList(new ArrayList<>());
        List<String> answered;
        try (FakeComputeEngine fake = FakeComputeEngine.start()) {
            fake.runningPolls(1);
            GcpClients clients = new GcpClients((method, path, rpc) -> listened.add(method + " " + path));
            try {
                roundTrip(fake, clients);
            } finally {
                clients.close();
            }
            assertThat(fake.instances()).as("the round trip deleted what it started").isEmpty();
            assertThat(fake.firewalls()).isEmpty();
            answered = fake.calls().stream().map(c -> c.method() + " " + c.path()).toList();
        }
        assertThat(listened).as("the listener saw each call the fake answered").containsExactlyElementsOf(answered);
        assertThat(answered).as("the round trip exercised each kind of call")
                .anyMatch(c -> c.startsWith("POST ") && c.endsWith("/instances"))
                .anyMatch(c -> c.startsWith("PATCH ") && c.contains("/global/firewalls/"))
                .anyMatch(c -> c.startsWith("GET ") && c.endsWith("/operations"))
                .anyMatch(c -> c.startsWith("DELETE ") && c.contains("/instances/"))
                .anyMatch(c -> c.startsWith("DELETE ") && c.contains("/global/firewalls/"))
                .anyMatch(c -> c.endsWith("/machineTypes"));

        Set<String> ongoing = new TreeSet<>(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        Set<String> onWorkerAccount = new TreeSet<>(GcpPermissionManifest.permissions(GcpGrant.WORKER_SERVICE_ACCOUNT));
        Set<String> missing = new TreeSet<>();
        for (String call : answered) {
            for (String permission : GcpCallPermissions.forCall(call.substring(0, call.indexOf(' ')), call.substring(call.indexOf(' ') + 1))) {
                boolean granted = permission.equals("iam.serviceAccounts.actAs") ? onWorkerAccount.contains(permission)
                        : ongoing.contains(permission);
                if (!granted) {
                    missing.add(permission + " (" + call + ")");
                }
            }
        }
        assertThat(missing).as("permissions the recorded calls need that the ongoing role does not grant").isEmpty();
        assertThat(ongoing).as("actAs is bound on the worker service account only, never on the project")
                .doesNotContain("iam.serviceAccounts.actAs");

        List<String> methods = answered.stream().map(c -> GcpMethodNames.rest(c.substring(0, c.indexOf(' ')), stripQuery(c.substring(c.indexOf(' ') + 1))))
                .toList();
        assertThat(methods).noneMatch(m -> m.startsWith("unknown"));
        assertThat(GcpRoleCoverage.uncovered(methods)).as("API methods the manifest lists no permission for").isEmpty();
    }

    @Test
    void theOngoingRoleHoldsExactlyTheManifestsOngoingPermissionsAndReadsNoCustomerData() {
        List<String> role = GcpRoleDocuments.ongoing().includedPermissions();
        assertThat(role).containsExactlyElementsOf(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        assertThat(role).allSatisfy(p -> assertThat(GcpPermissionManifest.all())
                .anyMatch(m -> m.permission().equals(p) && m.grant() == GcpGrant.ONGOING_ROLE));
        assertThat(role).noneMatch(p -> p.startsWith("storage.") || p.startsWith("bigquery.") || p.startsWith("secretmanager.")
                || p.contains("*") || p.endsWith(".setIamPolicy") || p.startsWith("iam.serviceAccountKeys."));
    }

    /** What a cluster's life asks of Compute Engine, through the provider's public hooks. */
    private static void roundTrip(FakeComputeEngine fake, GcpClients clients) {
        GcpProviderConfig config = new GcpProviderConfig();
        config.setEnabled(true);
        GcpAccountContext account = new GcpAccountContext("role-coverage", "role-coverage", fake.project(), fake.region(),
                List.of(), NoCredentialsProvider.create(), null, List.of(), List.of("203.0.113.0/24"),
                "flotilla-worker@" + fake.project() + ".iam.gserviceaccount.com", fake.endpoint());
        GceComputeProvider provider = new GceComputeProvider(config, clients, () -> APPLIANCE, account);
        Map<String, String> tags = Map.of(ResourceTags.APPLIANCE, APPLIANCE, ResourceTags.CLUSTER, CLUSTER,
                ResourceTags.WORKSPACE, "default");
        AgentBoot boot = new AgentBoot("https://appliance.example:8443", "bootstrap-Token_0123456789abcdef");
        LaunchedInstance scheduler = provider.launch(new LaunchRequest(CLUSTER + "/scheduler", "scheduler", InstanceRole.SCHEDULER,
                new InstanceSize(2, 4L << 30), tags, boot, null, List.of()));
        // the workspace's allowed addresses changed: the scheduler ports' rule is patched
        LaunchedInstance worker = provider.launch(new LaunchRequest(CLUSTER + "/worker-1", "worker-1", InstanceRole.WORKER,
                new InstanceSize(2, 8L << 30), tags, boot, "spot_with_fallback", List.of("198.51.100.0/24")));
        assertThat(provider.list(Map.of(ResourceTags.CLUSTER, CLUSTER))).hasSize(2);
        fake.preempt(fake.instances().stream().filter(i -> worker.instanceId().endsWith("/" + i.getName())).findFirst()
                .orElseThrow().getName());
        assertThat(provider.interrupted(List.of(scheduler.instanceId(), worker.instanceId())))
                .containsOnlyKeys(worker.instanceId());
        assertThat(provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, APPLIANCE))).containsExactly(CLUSTER);
        provider.terminate(List.of(scheduler.instanceId(), worker.instanceId()));
        provider.releaseClusterResources(CLUSTER, io.flotilla.provider.CloudMutations.UNRECORDED);
    }

    private static String stripQuery(String path) {
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }
}
