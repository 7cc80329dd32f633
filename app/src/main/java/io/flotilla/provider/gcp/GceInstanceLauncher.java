package io.flotilla.provider.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.AcceleratorConfig;
import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.ServiceAccount;
import com.google.cloud.compute.v1.Tags;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.InstanceRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Inserts one VM, trying each provisioning model (Spot, then on-demand for {@code spot_with_fallback}) in each zone
 * of the account in order. A zone without capacity ({@link GceFailure.Kind#CAPACITY}) moves on to the next zone; a
 * quota, a disabled API or any other error stops at once. Each insert carries a request id derived from the
 * launch's key, zone and model, so that a retried insert is the same request; an instance already there (409)
 * is taken as it is and reported as no mutation.
 */
final class GceInstanceLauncher {
    /** OAuth scope of the instances' service account: Cloud Logging writes only. */
    static final String LOGGING_WRITE_SCOPE = "https://www.googleapis.com/auth/logging.write";

    private final GcpAccountContext account;
    private final GcpProviderConfig config;
    private final Supplier<InstancesClient> instances;
    private final GceOperations operations;
    private final MachineTypeCatalog catalog;

    GceInstanceLauncher(GcpAccountContext account, GcpProviderConfig config, Supplier<InstancesClient> instances,
                        GceOperations operations, MachineTypeCatalog catalog) {
        this.account = account;
        this.config = config;
        this.instances = instances;
        this.operations = operations;
        this.catalog = catalog;
    }

    /** The started (or already present) instance. */
    Instance launch(GceInstanceSpec spec, List<String> zones, List<String> provisioningModels, CloudMutations mutations) {
        List<String> capacityFailures = new ArrayList<>();
        List<String> misfits = new ArrayList<>();
        for (String model : provisioningModels) {
            for (String zone : zones) {
                Optional<MachineTypeCatalog.Choice> choice = spec.role() == InstanceRole.SCHEDULER
                        ? Optional.of(new MachineTypeCatalog.Choice(config.getSchedulerMachineType(), null, 0))
                        : catalog.choose(zone, spec.size());
                if (choice.isEmpty()) {
                    misfits.add(zone);
                    continue;
                }
                GceFailure failure;
                try {
                    Operation done = operations.awaitZone(instances.get().insertCallable().call(InsertInstanceRequest.newBuilder()
                            .setProject(account.project()).setZone(zone)
                            .setRequestId(GceLabels.requestId(spec.idempotencyKey() + "/" + zone + "/" + model))
                            .setInstanceResource(body(spec, zone, choice.get(), model)).build()), zone);
                    failure = GceFailure.of(done);
                    if (failure == null) {
                        Instance started = instances.get().get(account.project(), zone, spec.name());
                        mutations.report("instance", "create", detail(spec, zone, choice.get(), model, capacityFailures),
                                GceInstances.id(started));
                        return started;
                    }
                } catch (ApiException e) {
                    if (GceFailure.alreadyExists(e)) {
                        return instances.get().get(account.project(), zone, spec.name());
                    }
                    failure = GceFailure.of(e);
                }
                if (failure.kind() != GceFailure.Kind.CAPACITY) {
                    throw failure.toServiceException(account.project(), "creating instance " + spec.name() + " in zone " + zone);
                }
                capacityFailures.add(zone + " (" + modelName(model) + "): " + failure.code() + ": " + failure.message());
            }
        }
        if (capacityFailures.isEmpty()) {
            throw ServiceException.invalid("size", "No Compute Engine machine type in " + String.join(", ", misfits)
                    + " fits a worker of " + MachineTypeCatalog.describe(spec.size()) + ".");
        }
        throw new ServiceException(ServiceException.Kind.UNAVAILABLE, "gcp_capacity_exhausted", "No zone of project "
                + account.project() + " had capacity for instance " + spec.name() + ": " + String.join("; ", capacityFailures)
                + (misfits.isEmpty() ? "" : "; no machine type fits in " + String.join(", ", misfits)) + ".",
                Map.of("zones", String.join(",", zones)));
    }

    private Instance body(GceInstanceSpec spec, String zone, MachineTypeCatalog.Choice choice, String model) {
        boolean spot = GceSpotPolicy.SPOT_MODEL.equals(model);
        boolean gpu = choice.acceleratorType() != null;
        String region = zone.substring(0, zone.lastIndexOf('-'));
        NetworkInterface.Builder nic = NetworkInterface.newBuilder().setNetwork(account.networkPath());
        String subnetwork = account.subnetworkIn(region);
        if (subnetwork != null) {
            nic.setSubnetwork(subnetwork);
        }
        if (config.isExternalIp()) {
            nic.addAccessConfigs(AccessConfig.newBuilder().setName("External NAT").setType("ONE_TO_ONE_NAT"));
        }
        Scheduling.Builder scheduling = Scheduling.newBuilder().setProvisioningModel(model)
                .setOnHostMaintenance(spot || gpu ? "TERMINATE" : "MIGRATE").setAutomaticRestart(!spot);
        if (spot) {
            scheduling.setInstanceTerminationAction("DELETE");
        }
        Instance.Builder instance = Instance.newBuilder().setName(spec.name()).setDescription(spec.description())
                .setMachineType("zones/" + zone + "/machineTypes/" + choice.machineType())
                .putAllLabels(spec.labels())
                .setTags(Tags.newBuilder().addItems(spec.networkTag()))
                .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder()
                        .setKey(GceStartupScript.METADATA_KEY).setValue(spec.startupScript())))
                .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true).setType("PERSISTENT")
                        .setInitializeParams(AttachedDiskInitializeParams.newBuilder()
                                .setSourceImage(spec.arm() ? config.getImageArm64() : config.getImage())
                                .setDiskSizeGb(config.getBootDiskSizeGb())))
                .addNetworkInterfaces(nic)
                .setScheduling(scheduling);
        if (account.workerServiceAccount() != null) {
            instance.addServiceAccounts(ServiceAccount.newBuilder().setEmail(account.workerServiceAccount())
                    .addScopes(LOGGING_WRITE_SCOPE));
        }
        if (gpu) {
            instance.addGuestAccelerators(AcceleratorConfig.newBuilder().setAcceleratorCount(choice.acceleratorCount())
                    .setAcceleratorType("zones/" + zone + "/acceleratorTypes/" + choice.acceleratorType()));
        }
        return instance.build();
    }

    private static String detail(GceInstanceSpec spec, String zone, MachineTypeCatalog.Choice choice, String model,
                                 List<String> capacityFailures) {
        String detail = spec.name() + " " + choice.machineType()
                + (choice.acceleratorType() == null ? "" : " + " + choice.acceleratorCount() + "x " + choice.acceleratorType())
                + " " + modelName(model) + " in " + zone;
        if (capacityFailures.isEmpty()) {
            return detail;
        }
        boolean fellBack = GceSpotPolicy.STANDARD.equals(model) && capacityFailures.stream().anyMatch(f -> f.contains("(spot)"));
        return detail + (fellBack ? " (on-demand after Spot capacity was exhausted" : " (after") + ": "
                + String.join("; ", capacityFailures) + ")";
    }

    private static String modelName(String model) {
        return GceSpotPolicy.SPOT_MODEL.equals(model) ? "spot" : "on-demand";
    }
}
