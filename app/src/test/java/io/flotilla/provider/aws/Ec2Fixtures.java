package io.flotilla.provider.aws;

import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.ResourceTags;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Launch requests and raw EC2 look-ups shared by the EC2 tests (raw calls are not recorded). */
final class Ec2Fixtures {
    static final String APPLIANCE_URL = "https://flotilla.internal.example:8443";

    private Ec2Fixtures() {
    }

    static LaunchRequest request(String appliance, String cluster, InstanceRole role, String name, String spotPolicy) {
        String key = UUID.randomUUID().toString();
        return new LaunchRequest(key, "c-" + name, role, new InstanceSize(2, 4L * 1024 * 1024 * 1024),
                Map.of(ResourceTags.APPLIANCE, appliance, ResourceTags.WORKSPACE, "team-a", ResourceTags.CLUSTER, cluster,
                        ResourceTags.ROLE, ResourceTags.roleValue(role), ResourceTags.INSTANCE, key),
                new AgentBoot(APPLIANCE_URL, "fbt_" + UUID.randomUUID().toString().replace("-", "")), spotPolicy);
    }

    static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    /** Security groups with the cluster tag (any appliance). */
    static List<SecurityGroup> groups(Ec2Client raw, String cluster) {
        return raw.describeSecurityGroups(b -> b.filters(tag(ResourceTags.CLUSTER, cluster))).securityGroups();
    }

    /** Launch templates with the cluster tag (any appliance). */
    static List<LaunchTemplate> templates(Ec2Client raw, String cluster) {
        return raw.describeLaunchTemplates(b -> b.filters(tag(ResourceTags.CLUSTER, cluster))).launchTemplates();
    }

    /** Fleets not deleted with the cluster tag (any appliance); DescribeFleets has no tag filter. */
    static List<FleetData> fleets(Ec2Client raw, String cluster) {
        return raw.describeFleets().fleets().stream()
                .filter(f -> !f.fleetStateAsString().startsWith("deleted"))
                .filter(f -> cluster.equals(tags(f.tags()).get(ResourceTags.CLUSTER))).toList();
    }

    /** Instances with the cluster tag that are pending or running. */
    static List<Instance> running(Ec2Client raw, String cluster) {
        List<Instance> found = new ArrayList<>();
        raw.describeInstances(b -> b.filters(tag(ResourceTags.CLUSTER, cluster))).reservations()
                .forEach(r -> r.instances().stream().filter(i -> i.state().name() == InstanceStateName.RUNNING
                        || i.state().name() == InstanceStateName.PENDING).forEach(found::add));
        return found;
    }

    static Instance describe(Ec2Client raw, String instanceId) {
        return raw.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }
}
