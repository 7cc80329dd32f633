package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.Accelerators;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.MachineType;
import io.flotilla.provider.InstanceShape;
import io.micronaut.core.annotation.Nullable;

/**
 * The shape of a Compute Engine VM: its machine type (the last part of the instance's {@code machineType} URL), its
 * region (the zone without its letter), spot when its provisioning model is {@code SPOT} (or it is preemptible), and
 * vCPUs, memory and GPUs from the zone's machine type (attached accelerators, or those built into the type).
 */
final class GceInstanceShapes {
    private GceInstanceShapes() {
    }

    /** The VM's shape, or null when its machine type is not in the zone's list (the engine then meters the asked size). */
    @Nullable
    static InstanceShape of(Instance instance, MachineTypeCatalog catalog) {
        String zone = GceInstances.zone(instance);
        String typeName = lastPart(instance.getMachineType());
        MachineType type = catalog.machineType(zone, typeName).orElse(null);
        if (type == null || type.getGuestCpus() < 1) {
            return null;
        }
        boolean spot = instance.hasScheduling() && ("SPOT".equals(instance.getScheduling().getProvisioningModel())
                || instance.getScheduling().getPreemptible());
        int attached = instance.getGuestAcceleratorsList().stream().mapToInt(a -> a.getAcceleratorCount()).sum();
        int builtIn = type.getAcceleratorsList().stream().mapToInt(Accelerators::getGuestAcceleratorCount).sum();
        return new InstanceShape(typeName, region(zone), spot ? InstanceShape.SPOT : InstanceShape.ON_DEMAND,
                type.getGuestCpus(), type.getMemoryMb() * 1024L * 1024L, Math.max(attached, builtIn));
    }

    /** {@code europe-west1-b} → {@code europe-west1}. */
    static String region(String zone) {
        int dash = zone.lastIndexOf('-');
        return dash < 0 ? zone : zone.substring(0, dash);
    }

    private static String lastPart(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
