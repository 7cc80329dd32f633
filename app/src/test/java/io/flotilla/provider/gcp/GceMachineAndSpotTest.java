package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.Instance;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutation;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceShape;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchedInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Machine types from the size (GPU and arm included) and the provisioning model from the spot policy. */
class GceMachineAndSpotTest {
    private static final String CLUSTER = "aa11bb22-0000-4000-8000-000000000001";
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

    private Instance launched(LaunchedInstance launched) {
        return fake.instance(launched.instanceId().substring(launched.instanceId().indexOf('/') + 1)).orElseThrow();
    }

    private Instance worker(String name, InstanceSize size, String spotPolicy) {
        return launched(provider.launch(GceFixtures.request(CLUSTER, name, InstanceRole.WORKER, size, spotPolicy)));
    }

    @Test
    void theSmallestFittingTypeInFamilyOrder() {
        assertThat(worker("w1", new InstanceSize(4, 16L << 30), null).getMachineType()).endsWith("/machineTypes/e2-standard-4");
        assertThat(worker("w2", new InstanceSize(4, 20L << 30), null).getMachineType()).endsWith("/machineTypes/e2-highmem-4");
        assertThat(worker("w3", new InstanceSize(40, 64L << 30), null).getMachineType()).endsWith("/machineTypes/n2-standard-64");
    }

    @Test
    void gpusComeAsAcceleratorsOnN1AndTerminateOnHostMaintenance() {
        Instance gpu = worker("gpu-1", new InstanceSize(4, 8L << 30, 1, false), null);
        assertThat(gpu.getMachineType()).endsWith("/machineTypes/n1-standard-4");
        assertThat(gpu.getGuestAccelerators(0).getAcceleratorType()).endsWith("zones/europe-west1-b/acceleratorTypes/nvidia-tesla-t4");
        assertThat(gpu.getGuestAccelerators(0).getAcceleratorCount()).isEqualTo(1);
        assertThat(gpu.getScheduling().getOnHostMaintenance()).isEqualTo("TERMINATE");
    }

    @Test
    void aGpuWorkerSkipsZonesWithoutTheAccelerator() {
        GceComputeProvider dFirst = GceFixtures.provider(fake, clients, GceFixtures.config(), List.of("europe-west1-d", "europe-west1-c"));
        LaunchedInstance gpu = dFirst.launch(GceFixtures.request(CLUSTER, "gpu-2", InstanceRole.WORKER,
                new InstanceSize(2, 4L << 30, 2, false), null));
        assertThat(gpu.instanceId()).startsWith("europe-west1-c/");
        ServiceException e = catchThrowableOfType(ServiceException.class, () -> GceFixtures.provider(fake, clients,
                GceFixtures.config(), List.of("europe-west1-d")).launch(GceFixtures.request(CLUSTER, "gpu-3", InstanceRole.WORKER,
                new InstanceSize(2, 4L << 30, 1, false), null)));
        assertThat(e.getMessage()).contains("europe-west1-d", "1 GPU");
    }

    @Test
    void armRunsOnT2aWithTheArmImage() {
        Instance arm = worker("arm-1", new InstanceSize(2, 8L << 30, null, true), null);
        assertThat(arm.getMachineType()).endsWith("/machineTypes/t2a-standard-2");
        assertThat(arm.getDisks(0).getInitializeParams().getSourceImage()).isEqualTo(GcpProviderConfig.DEBIAN_12_ARM64);
    }

    @Test
    void nothingFitsIsAClearError() {
        ServiceException e = catchThrowableOfType(ServiceException.class,
                () -> worker("huge", new InstanceSize(500, 1L << 40), null));
        assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT);
        assertThat(e.getMessage()).contains("No Compute Engine machine type", "500 vCPUs");
        assertThat(fake.instances()).isEmpty();
    }

    @Test
    void spotAndOnDemandWorkers() {
        Instance spot = worker("spot-1", new InstanceSize(2, 4L << 30), "spot");
        assertThat(spot.getScheduling().getProvisioningModel()).isEqualTo("SPOT");
        assertThat(spot.getScheduling().getInstanceTerminationAction()).isEqualTo("DELETE");
        Instance onDemand = worker("od-1", new InstanceSize(2, 4L << 30), "on-demand");
        assertThat(onDemand.getScheduling().getProvisioningModel()).isEqualTo("STANDARD");
        assertThat(onDemand.getScheduling().hasInstanceTerminationAction()).isFalse();
    }

    @Test
    void theSchedulerIsNeverSpot() {
        Instance scheduler = launched(provider.launch(GceFixtures.scheduler(CLUSTER)));
        assertThat(scheduler.getScheduling().getProvisioningModel()).isEqualTo("STANDARD");
        assertThat(scheduler.getMachineType()).endsWith("/machineTypes/e2-standard-2");
    }

    @Test
    void spotWithFallbackRunsOnDemandWhenSpotIsExhaustedAndSaysSo() {
        fake.zones().forEach(fake::injectSpotExhausted);
        CloudMutations.Recorder mutations = CloudMutations.recorder();
        LaunchedInstance launched = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", "spot_with_fallback"), mutations);
        assertThat(launched(launched).getScheduling().getProvisioningModel()).isEqualTo("STANDARD");
        CloudMutation created = mutations.reported().stream().filter(m -> m.action().equals("instance.create")).findFirst().orElseThrow();
        assertThat(created.detail()).contains("on-demand after Spot capacity was exhausted", "europe-west1-b (spot)",
                "europe-west1-d (spot)");
    }

    @Test
    void spotWithFallbackPrefersSpotInAnotherZone() {
        fake.injectSpotExhausted("europe-west1-b");
        LaunchedInstance launched = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", "spot_with_fallback"));
        assertThat(launched.instanceId()).startsWith("europe-west1-c/");
        assertThat(launched(launched).getScheduling().getProvisioningModel()).isEqualTo("SPOT");
    }

    @Test
    void launchedInstancesReportTheShapeTheyRunAs() {
        LaunchedInstance spot = provider.launch(GceFixtures.request(CLUSTER, "shape-1", InstanceRole.WORKER,
                new InstanceSize(4, 16L << 30), "spot"));
        assertThat(spot.shape()).isEqualTo(new InstanceShape("e2-standard-4", "europe-west1", InstanceShape.SPOT, 4,
                16L * 1024 * 1024 * 1024, 0));
        LaunchedInstance gpu = provider.launch(GceFixtures.request(CLUSTER, "shape-2", InstanceRole.WORKER,
                new InstanceSize(4, 8L << 30, 1, false), "on-demand"));
        assertThat(gpu.shape()).satisfies(shape -> {
            assertThat(shape.instanceType()).isEqualTo("n1-standard-4");
            assertThat(shape.purchase()).isEqualTo(InstanceShape.ON_DEMAND);
            assertThat(shape.vcpus()).isEqualTo(4);
            assertThat(shape.gpus()).isEqualTo(1);
        });
        LaunchedInstance again = provider.launch(GceFixtures.request(CLUSTER, "shape-1", InstanceRole.WORKER,
                new InstanceSize(4, 16L << 30), "spot"));
        assertThat(again.shape()).as("found again by name").isEqualTo(spot.shape());
    }
}
