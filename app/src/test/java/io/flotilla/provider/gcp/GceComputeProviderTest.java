package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.Instance;
import io.flotilla.provider.CloudMutation;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gcp provider's launch, list and terminate against the fake Compute Engine, with the real client. */
class GceComputeProviderTest {
    private static final String CLUSTER = "3c1d9a0e-7b6f-4e1a-9c2d-0a1b2c3d4e5f";
    private FakeComputeEngine fake;
    private GcpClients clients;
    private GceComputeProvider provider;

    @BeforeEach
    void start() {
        fake = FakeComputeEngine.start();
        clients = new GcpClients();
        provider = GceFixtures.provider(fake, clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    @Test
    void launchListTerminateRoundTripWithLabels() {
        CloudMutations.Recorder mutations = CloudMutations.recorder();
        LaunchedInstance scheduler = provider.launch(GceFixtures.scheduler(CLUSTER), mutations);
        LaunchedInstance worker = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", "on-demand"), mutations);

        assertThat(fake.instances()).hasSize(2);
        Instance stored = fake.instance(worker.instanceId().substring(worker.instanceId().indexOf('/') + 1)).orElseThrow();
        assertThat(stored.getLabelsMap()).as("labels at creation").containsEntry("flotilla-appliance", GceFixtures.APPLIANCE)
                .containsEntry("flotilla-cluster", CLUSTER).containsEntry("flotilla-role", "worker")
                .containsEntry("flotilla-instance", "worker-1").containsEntry("flotilla-workspace", "team-data");
        assertThat(worker.instanceId()).startsWith("europe-west1-b/fl-worker-1-");
        assertThat(worker.privateAddress()).startsWith("10.132.0.");
        assertThat(stored.getServiceAccounts(0).getScopesList()).containsExactly("https://www.googleapis.com/auth/logging.write");

        List<ObservedInstance> observed = provider.list(Map.of(ResourceTags.APPLIANCE, GceFixtures.APPLIANCE,
                ResourceTags.CLUSTER, CLUSTER));
        assertThat(observed).extracting(ObservedInstance::instanceId)
                .containsExactlyInAnyOrder(scheduler.instanceId(), worker.instanceId());
        ObservedInstance observedWorker = observed.stream().filter(o -> o.role() == InstanceRole.WORKER).findFirst().orElseThrow();
        assertThat(observedWorker.tags()).containsEntry(ResourceTags.CLUSTER, CLUSTER).containsEntry(ResourceTags.INSTANCE, "worker-1");
        assertThat(observedWorker.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(observedWorker.instanceName()).isEqualTo("worker-1");
        assertThat(provider.list(Map.of(ResourceTags.CLUSTER, "another"))).isEmpty();
        assertThat(mutations.reported()).extracting(CloudMutation::action)
                .containsExactly("firewall.create", "firewall.create", "instance.create", "instance.create");

        CloudMutations.Recorder terminated = CloudMutations.recorder();
        provider.terminate(List.of(scheduler.instanceId(), worker.instanceId(), "europe-west1-c/fl-gone"), terminated);
        assertThat(fake.instances()).isEmpty();
        assertThat(fake.firewalls()).as("released with the last instance").isEmpty();
        assertThat(terminated.reported()).extracting(CloudMutation::action)
                .containsExactly("instance.delete", "instance.delete", "firewall.delete", "firewall.delete");
        provider.terminate(List.of(worker.instanceId()), terminated);
        assertThat(terminated.reported()).as("idempotent").hasSize(4);
    }

    @Test
    void aRetriedLaunchFindsTheInstanceAndReportsNothing() {
        fake.injectZoneExhausted("europe-west1-b");
        LaunchedInstance first = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null));
        fake.clearCalls();
        CloudMutations.Recorder again = CloudMutations.recorder();
        LaunchedInstance second = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null), again);

        assertThat(second).isEqualTo(first);
        assertThat(first.instanceId()).startsWith("europe-west1-c/");
        assertThat(fake.instances()).hasSize(1);
        assertThat(again.reported()).isEmpty();
        assertThat(fake.calls()).noneMatch(c -> c.method().equals("POST"));
    }

    @Test
    void aLaunchCutOffAfterTheInsertWasAcceptedLeavesNoDuplicateForTheNextProcess() {
        provider.launch(GceFixtures.scheduler(CLUSTER)); // the cluster's firewall rules exist
        fake.runningPolls(Integer.MAX_VALUE);
        GcpProviderConfig impatient = GceFixtures.config();
        impatient.setOperationTimeout(java.time.Duration.ofMillis(300));
        GcpClients crashed = new GcpClients();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> GceFixtures.provider(fake, crashed, impatient, fake.zones())
                    .launch(GceFixtures.worker(CLUSTER, "worker-1", null)))
                    .isInstanceOf(io.flotilla.error.ServiceException.class).hasMessageContaining("did not finish");
        } finally {
            crashed.close();
        }
        assertThat(fake.instances()).as("the insert was accepted").hasSize(2);
        fake.runningPolls(0);
        CloudMutations.Recorder mutations = CloudMutations.recorder();
        LaunchedInstance resumed = GceFixtures.provider(fake, clients).launch(GceFixtures.worker(CLUSTER, "worker-1", null), mutations);
        assertThat(fake.instances()).hasSize(2);
        assertThat(fake.instances()).extracting(GceInstances::id).contains(resumed.instanceId());
        assertThat(mutations.reported()).isEmpty();
    }

    @Test
    void instancesOfAnotherApplianceAreNotDeleted() {
        LaunchedInstance worker = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null));
        GceComputeProvider other = new GceComputeProvider(GceFixtures.config(), clients,
                () -> "00000000-0000-4000-8000-000000000000", GceFixtures.account(fake, fake.zones()));
        CloudMutations.Recorder mutations = CloudMutations.recorder();
        other.terminate(List.of(worker.instanceId()), mutations);
        assertThat(fake.instances()).hasSize(1);
        assertThat(mutations.reported()).isEmpty();
    }

    @Test
    void listReadsEveryPageAndOperationsThatRunForAWhile() {
        fake.runningPolls(3);
        fake.pageSize(1);
        for (int i = 1; i <= 3; i++) {
            provider.launch(GceFixtures.worker(CLUSTER, "worker-" + i, null));
        }
        assertThat(provider.list(Map.of(ResourceTags.CLUSTER, CLUSTER))).hasSize(3);
        assertThat(fake.calls()).anyMatch(c -> c.path().endsWith("/wait"));
    }

    @Test
    void zonesComeFromTheRegionWhenTheAccountNamesNone() {
        GceComputeProvider byRegion = GceFixtures.provider(fake, clients, GceFixtures.config(), List.of());
        assertThat(byRegion.zones()).containsExactly("europe-west1-b", "europe-west1-c", "europe-west1-d");
    }
}
