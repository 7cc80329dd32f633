package io.flotilla.provider.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesScopedList;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading Compute Engine instances: found across the project's zones by label ({@code aggregatedList}, all pages),
 * their ids ({@code <zone>/<name>}: what delete needs) and their state as Flotilla sees it.
 */
final class GceInstances {
    private GceInstances() {
    }

    /** The provider's id of an instance: {@code <zone>/<name>}. */
    static String id(String zone, String name) {
        return zone + "/" + name;
    }

    /** The zone of an instance (its {@code zone} is a URL). */
    static String zone(Instance instance) {
        String zone = instance.getZone();
        return zone.substring(zone.lastIndexOf('/') + 1);
    }

    static String id(Instance instance) {
        return id(zone(instance), instance.getName());
    }

    /** Instances matching the list filter (e.g. {@link GceLabels#filter}), every zone, every page. */
    static List<Instance> find(InstancesClient client, String project, String filter) {
        AggregatedListInstancesRequest.Builder request = AggregatedListInstancesRequest.newBuilder().setProject(project);
        if (!filter.isEmpty()) {
            request.setFilter(filter);
        }
        List<Instance> found = new ArrayList<>();
        try {
            for (Map.Entry<String, InstancesScopedList> scope : client.aggregatedList(request.build()).iterateAll()) {
                found.addAll(scope.getValue().getInstancesList());
            }
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException(project, "listing instances");
        }
        return found;
    }

    /** Whether the instance still runs or will (not TERMINATED, SUSPENDED or going there). */
    static boolean live(Instance instance) {
        return state(instance) == InstanceState.PENDING || state(instance) == InstanceState.RUNNING;
    }

    static InstanceState state(Instance instance) {
        return switch (instance.getStatus()) {
            case "PROVISIONING", "STAGING", "REPAIRING" -> InstanceState.PENDING;
            case "RUNNING" -> InstanceState.RUNNING;
            case "STOPPING", "SUSPENDING" -> InstanceState.STOPPING;
            default -> InstanceState.TERMINATED; // TERMINATED, SUSPENDED, STOPPED
        };
    }

    static String privateAddress(Instance instance) {
        return instance.getNetworkInterfacesCount() == 0 ? null : instance.getNetworkInterfaces(0).getNetworkIP();
    }

    static ObservedInstance observe(Instance instance) {
        Map<String, String> tags = GceLabels.tags(instance.getLabelsMap());
        String role = tags.getOrDefault(ResourceTags.ROLE, "worker");
        InstanceRole instanceRole = "scheduler".equals(role) ? InstanceRole.SCHEDULER : InstanceRole.WORKER;
        Instant launched = instance.getCreationTimestamp().isEmpty() ? Instant.EPOCH
                : OffsetDateTime.parse(instance.getCreationTimestamp()).toInstant();
        return new ObservedInstance(id(instance), tags.getOrDefault(ResourceTags.INSTANCE, instance.getName()),
                instanceRole, tags, state(instance), launched, privateAddress(instance));
    }

    /** The quoted value of a filter term. */
    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
