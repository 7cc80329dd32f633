package io.flotilla.provider.gcp;

import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every call the provider makes is observed by the call listener and has its IAM permissions in the mapping. */
class GcpCallPermissionsTest {
    private static final String P = "/compute/v1/projects/p/";

    @Test
    void theMappingNamesThePermissionOfEachCall() {
        assertThat(GcpCallPermissions.forCall("POST", P + "zones/z/instances")).contains("compute.instances.create",
                "iam.serviceAccounts.actAs", "compute.instances.setMetadata");
        assertThat(GcpCallPermissions.forCall("DELETE", P + "zones/z/instances/i")).containsExactly("compute.instances.delete");
        assertThat(GcpCallPermissions.forCall("GET", P + "aggregated/instances?filter=x")).containsExactly("compute.instances.list");
        assertThat(GcpCallPermissions.forCall("POST", P + "global/firewalls")).contains("compute.firewalls.create");
        assertThat(GcpCallPermissions.forCall("GET", P + "zones/z/operations/op-1")).containsExactly("compute.zoneOperations.get");
        assertThat(GcpCallPermissions.forCall("POST", P + "global/operations/op-1/wait")).containsExactly("compute.globalOperations.get");
        assertThat(GcpCallPermissions.forCall("GET", P + "zones/z/machineTypes")).containsExactly("compute.machineTypes.list");
        assertThatThrownBy(() -> GcpCallPermissions.forCall("POST", P + "zones/z/instances/i/setMetadata"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theListenerSeesEveryCallTheFakeAnsweredAndEachIsMapped() {
        GceFixtures.RecordedCalls recorded = new GceFixtures.RecordedCalls();
        try (FakeComputeEngine fake = FakeComputeEngine.start()) {
            GcpClients clients = new GcpClients(recorded);
            try {
                fake.runningPolls(1);
                GceComputeProvider provider = GceFixtures.provider(fake, clients, GceFixtures.config(), List.of());
                String cluster = "0e0e0e0e-0000-4000-8000-000000000001";
                var worker = provider.launch(GceFixtures.worker(cluster, "worker-1", "spot"));
                provider.list(Map.of(ResourceTags.CLUSTER, cluster));
                provider.preempted(List.of(worker.instanceId()));
                provider.terminate(List.of(worker.instanceId()));
                provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, GceFixtures.APPLIANCE));
            } finally {
                clients.close();
            }
            List<String> answered = fake.calls().stream().map(c -> c.method() + " " + c.path()).toList();
            assertThat(recorded.calls).containsExactlyElementsOf(answered);
            assertThat(answered).anyMatch(c -> c.startsWith("POST ") && c.endsWith("/instances"))
                    .anyMatch(c -> c.endsWith("/wait")).anyMatch(c -> c.startsWith("DELETE "))
                    .anyMatch(c -> c.endsWith("/machineTypes")).anyMatch(c -> c.endsWith("/zones"));
            answered.forEach(call -> assertThat(GcpCallPermissions.forCall(call.substring(0, call.indexOf(' ')),
                    call.substring(call.indexOf(' ') + 1))).as(call).isNotEmpty());
        }
    }
}
