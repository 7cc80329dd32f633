package io.flotilla.provider.gcp;

import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * One VM to insert, before its zone, machine type and provisioning model are chosen.
 *
 * @param name           the deterministic instance name
 * @param idempotencyKey the launch's key (request ids derive from it)
 * @param role           scheduler (never Spot, the scheduler machine type) or worker (by size)
 * @param size           sizing hints of a worker
 * @param labels         Compute Engine labels (appliance, workspace, cluster, role, instance)
 * @param networkTag     the cluster's network tag, which its firewall rules target
 * @param startupScript  the {@code startup-script} metadata value
 * @param description    a human note on the instance
 */
record GceInstanceSpec(String name, String idempotencyKey, InstanceRole role, @Nullable InstanceSize size,
                       Map<String, String> labels, String networkTag, String startupScript, String description) {
    GceInstanceSpec {
        labels = Map.copyOf(labels);
    }

    boolean arm() {
        return role == InstanceRole.WORKER && size != null && size.arm();
    }
}
