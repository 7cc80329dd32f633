package io.flotilla.provider.aws;

import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Finds EC2 instances by tag filters (server-side) and maps them to what the engine observes. */
public final class Ec2Instances {
    /** EC2 accepts this many values in one filter. */
    private static final int MAX_FILTER_VALUES = 200;

    private Ec2Instances() {
    }

    /** Every instance carrying all the tags, optionally limited to the given ids (unknown ids are ignored). */
    public static List<Instance> find(Ec2Client ec2, Map<String, String> tags, Collection<String> onlyIds) {
        List<Instance> found = new ArrayList<>();
        List<List<String>> idChunks = new ArrayList<>();
        if (onlyIds == null) {
            idChunks.add(null);
        } else {
            List<String> ids = onlyIds.stream().distinct().toList();
            for (int i = 0; i < ids.size(); i += MAX_FILTER_VALUES) {
                idChunks.add(ids.subList(i, Math.min(ids.size(), i + MAX_FILTER_VALUES)));
            }
        }
        for (List<String> chunk : idChunks) {
            List<Filter> filters = new ArrayList<>();
            tags.forEach((key, value) -> filters.add(Filter.builder().name("tag:" + key).values(value).build()));
            if (chunk != null) {
                filters.add(Filter.builder().name("instance-id").values(chunk).build());
            }
            ec2.describeInstancesPaginator(b -> b.filters(filters)).reservations()
                    .forEach(reservation -> found.addAll(reservation.instances()));
        }
        return found;
    }

    /** The tags of an instance as a map. */
    public static Map<String, String> tags(Instance instance) {
        return instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, TreeMap::new));
    }

    /** The engine's view of an instance. */
    public static ObservedInstance observe(Instance instance) {
        Map<String, String> tags = tags(instance);
        String role = tags.get(ResourceTags.ROLE);
        return new ObservedInstance(instance.instanceId(), tags.getOrDefault("Name", instance.instanceId()),
                role == null ? null : InstanceRole.valueOf(role.toUpperCase(java.util.Locale.ROOT)),
                Map.copyOf(tags), state(instance.state().name()), instance.launchTime(), instance.privateIpAddress());
    }

    /** EC2's states in the engine's terms. */
    public static InstanceState state(InstanceStateName name) {
        return switch (name) {
            case PENDING -> InstanceState.PENDING;
            case RUNNING -> InstanceState.RUNNING;
            case STOPPING, STOPPED -> InstanceState.STOPPING;
            default -> InstanceState.TERMINATED;
        };
    }

    /** True while the instance still runs or may run again (its launch template is still needed for it). */
    public static boolean live(Instance instance) {
        InstanceStateName name = instance.state().name();
        return name != InstanceStateName.SHUTTING_DOWN && name != InstanceStateName.TERMINATED;
    }
}
