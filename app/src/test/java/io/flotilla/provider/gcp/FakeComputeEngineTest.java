package io.flotilla.provider.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.AbortedException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.cloud.compute.v1.AcceleratorConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.ListInstancesRequest;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Scheduling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake enforces GCP's rules on names, labels, metadata and accelerators, dedupes request ids, filters lists. */
class FakeComputeEngineTest {
    private static final String ZONE = "europe-west1-b";
    private FakeComputeEngine fake;
    private InstancesClient client;

    @BeforeEach
    void start() throws IOException {
        fake = FakeComputeEngine.start();
        client = InstancesClient.create(InstancesSettings.newBuilder().setEndpoint(fake.endpoint())
                .setCredentialsProvider(NoCredentialsProvider.create()).build());
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private static Instance.Builder instance(String name) {
        return Instance.newBuilder().setName(name).setMachineType("zones/" + ZONE + "/machineTypes/e2-standard-2")
                .addDisks(AttachedDisk.newBuilder().setBoot(true).setInitializeParams(AttachedDiskInitializeParams.newBuilder()
                        .setSourceImage(GcpProviderConfig.DEBIAN_12)))
                .addNetworkInterfaces(NetworkInterface.newBuilder().setNetwork("global/networks/default"));
    }

    private Operation insert(Instance.Builder instance, String requestId) {
        InsertInstanceRequest.Builder request = InsertInstanceRequest.newBuilder().setProject(fake.project()).setZone(ZONE)
                .setInstanceResource(instance);
        if (requestId != null) {
            request.setRequestId(requestId);
        }
        return client.insertCallable().call(request.build());
    }

    @Test
    void namesAndLabelsFollowGcpRules() {
        assertThatThrownBy(() -> insert(instance("Worker-1"), null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> insert(instance("w-" + "x".repeat(62)), null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> insert(instance("worker-"), null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> insert(instance("w1").putLabels("flotilla:cluster", "c1"), null))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> insert(instance("w1").putLabels("flotilla-workspace", "Team.A"), null))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(fake.instances()).isEmpty();
    }

    @Test
    void metadataValuesAreCappedAndGpusNeedTerminate() {
        assertThatThrownBy(() -> insert(instance("w1").setMetadata(Metadata.newBuilder().addItems(Items.newBuilder()
                .setKey("startup-script").setValue("x".repeat(256 * 1024 + 1)))), null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> insert(instance("w2").addGuestAccelerators(AcceleratorConfig.newBuilder()
                .setAcceleratorType("zones/" + ZONE + "/acceleratorTypes/nvidia-tesla-t4").setAcceleratorCount(1))
                .setScheduling(Scheduling.newBuilder().setOnHostMaintenance("MIGRATE")), null))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aRepeatedRequestIdIsTheSameOperationAndADuplicateNameIsRefused() {
        Operation first = insert(instance("w1"), "8c5b3a52-0000-4000-8000-000000000001");
        Operation again = insert(instance("w1"), "8c5b3a52-0000-4000-8000-000000000001");
        assertThat(again.getName()).isEqualTo(first.getName());
        assertThat(first.getStatus()).isEqualTo(Operation.Status.DONE);
        assertThat(Long.toUnsignedString(first.getId())).matches("[0-9]+");
        assertThat(fake.instances()).hasSize(1);
        assertThatThrownBy(() -> insert(instance("w1"), null)).as("409, which the HTTP/JSON client raises as ABORTED")
                .isInstanceOf(AbortedException.class)
                .satisfies(e -> assertThat(GceFailure.alreadyExists((AbortedException) e)).isTrue());
    }

    @Test
    void aPreemptedSpotVmWithStopStaysTerminatedAndListenersHearOfIt() {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        fake.onInstanceInserted(i -> events.add("inserted " + i.getName()));
        fake.onInstanceStopped(i -> events.add("stopped " + i.getName()));
        insert(instance("spot-1").setScheduling(Scheduling.newBuilder().setProvisioningModel("SPOT")
                .setInstanceTerminationAction("STOP")), null);
        fake.preempt("spot-1");
        Instance preempted = fake.instance("spot-1").orElseThrow();
        assertThat(preempted.getStatus()).isEqualTo("TERMINATED");
        assertThat(preempted.getLastStopTimestamp()).isNotEmpty();
        assertThat(fake.zoneOperations(ZONE)).extracting(Operation::getOperationType).contains("compute.instances.preempted");
        assertThat(events).containsExactly("inserted spot-1", "stopped spot-1");
    }

    @Test
    void listsFilterOnLabelsAndRefuseSyntaxTheyDoNotKnow() {
        insert(instance("w1").putLabels("flotilla-cluster", "c1").putLabels("flotilla-role", "worker"), null);
        insert(instance("w2").putLabels("flotilla-cluster", "c1").putLabels("flotilla-role", "scheduler"), null);
        insert(instance("w3").putLabels("flotilla-cluster", "c2").putLabels("flotilla-role", "worker"), null);
        assertThat(names("labels.flotilla-cluster = \"c1\"")).containsExactly("w1", "w2");
        assertThat(names("labels.flotilla-cluster = \"c1\" AND labels.flotilla-role = \"worker\"")).containsExactly("w1");
        assertThat(names("name = \"w3\"")).containsExactly("w3");
        assertThatThrownBy(() -> names("labels.flotilla-cluster:c1")).isInstanceOf(InvalidArgumentException.class);
    }

    private List<String> names(String filter) {
        List<String> names = new ArrayList<>();
        client.list(ListInstancesRequest.newBuilder().setProject(fake.project()).setZone(ZONE).setFilter(filter).build())
                .iterateAll().forEach(i -> names.add(i.getName()));
        return names;
    }
}
