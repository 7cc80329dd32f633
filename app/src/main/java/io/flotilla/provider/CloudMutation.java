package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One change a provider made in the cloud or on the machine, e.g. {@code security_group.create [sg-0ab…]} or
 * {@code process.start [local-3f2… pid 4242]}. The engine writes one audit entry per mutation.
 *
 * @param resourceType what changed: {@code instance}, {@code process}, {@code security_group}, {@code launch_template},
 *                     {@code fleet}, {@code vpc}, {@code subnet}, {@code internet_gateway}, {@code route_table},
 *                     {@code log_group}, …
 * @param operation    what was done to it: {@code create}, {@code delete}, {@code terminate}, {@code start},
 *                     {@code signal}, {@code authorize}, {@code revoke}, …
 * @param resourceIds  the provider's ids of what changed (created, deleted, or modified)
 * @param detail       a short human note (a name, the rules added, the signal sent), or null
 */
public record CloudMutation(String resourceType, String operation, List<String> resourceIds, @Nullable String detail) {
    public CloudMutation {
        resourceIds = List.copyOf(resourceIds);
    }

    /** The audit action: {@code <resourceType>.<operation>}. */
    public String action() {
        return resourceType + "." + operation;
    }
}
