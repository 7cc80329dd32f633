package io.flotilla.provider.aws;

import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ResourceTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockStateCode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One security group per cluster, {@code flotilla-<cluster>}, in the VPC of the account's subnets (or the
 * default VPC), tagged at creation like the cluster. It lets everything in from the group itself (traffic
 * inside the cluster) and the scheduler and dashboard ports from the account's allowed CIDRs, or, when there
 * are none, from the VPC's own CIDRs. Created by the cluster's first launch (found by tag first, so a step
 * resumed after a crash reuses it and completes its rules), deleted once no instance uses it.
 */
public class Ec2SecurityGroups {
    /** Dask scheduler port. */
    public static final int SCHEDULER_PORT = 8786;
    /** Dask dashboard port (the one after the scheduler's). */
    public static final int DASHBOARD_PORT = 8787;
    private static final Logger LOG = LoggerFactory.getLogger(Ec2SecurityGroups.class);
    private static final String ALL_PROTOCOLS = "-1";
    private final List<String> subnetIds;
    private final List<String> allowedCidrs;

    /**
     * @param subnetIds    the account's subnets (their VPC holds the groups); empty: the default VPC
     * @param allowedCidrs who may reach the scheduler ports; empty: the VPC's own network
     */
    public Ec2SecurityGroups(List<String> subnetIds, List<String> allowedCidrs) {
        this.subnetIds = List.copyOf(subnetIds);
        this.allowedCidrs = List.copyOf(allowedCidrs);
    }

    /** The group's name for a cluster. */
    public static String name(String clusterId) {
        return "flotilla-" + clusterId;
    }

    /**
     * The cluster's group id: found by its appliance and cluster tags, or created with them, and its rules
     * brought to what they should be.
     *
     * @param clusterTags appliance, cluster and (optionally) workspace tags the group carries
     */
    public String forCluster(Ec2Client ec2, Map<String, String> clusterTags) {
        return forCluster(ec2, clusterTags, List.of(), CloudMutations.UNRECORDED);
    }

    /**
     * Like {@link #forCluster(Ec2Client, Map)}, with the addresses allowed to the scheduler ports for this cluster
     * (its workspace's setting); empty: the account's, or the VPC's network. Reports the group's creation and each
     * change of its rules.
     */
    public String forCluster(Ec2Client ec2, Map<String, String> clusterTags, List<String> clusterCidrs,
                             CloudMutations mutations) {
        String appliance = Objects.requireNonNull(clusterTags.get(ResourceTags.APPLIANCE));
        String cluster = Objects.requireNonNull(clusterTags.get(ResourceTags.CLUSTER));
        SecurityGroup group = ofCluster(ec2, appliance, cluster).stream().findFirst().orElse(null);
        if (group == null) {
            group = create(ec2, clusterTags, mutations);
        }
        converge(ec2, group, clusterCidrs.isEmpty() ? allowedCidrs : clusterCidrs, mutations);
        return group.groupId();
    }

    /** This appliance's groups of the cluster (normally one). */
    public List<SecurityGroup> ofCluster(Ec2Client ec2, String applianceId, String clusterId) {
        return describe(ec2, Map.of(ResourceTags.APPLIANCE, applianceId, ResourceTags.CLUSTER, clusterId));
    }

    /** Cluster ids of the groups carrying all the tags. */
    public Set<String> clusters(Ec2Client ec2, Map<String, String> tagFilter) {
        return describe(ec2, tagFilter).stream().map(g -> tag(g, ResourceTags.CLUSTER)).filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    /**
     * Deletes this appliance's groups of the cluster. EC2 refuses while an instance's network interface still
     * uses a group ({@code DependencyViolation}, e.g. for a few minutes after termination): that group is left
     * for a later call and false is returned.
     *
     * @return true when the cluster has no group left
     */
    public boolean deleteOfCluster(Ec2Client ec2, String applianceId, String clusterId, CloudMutations mutations) {
        boolean allGone = true;
        for (SecurityGroup group : ofCluster(ec2, applianceId, clusterId)) {
            try {
                ec2.deleteSecurityGroup(b -> b.groupId(group.groupId()));
                mutations.report("security_group", "delete", group.groupName(), group.groupId());
            } catch (Ec2Exception e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if ("DependencyViolation".equals(code)) {
                    LOG.info("Security group {} of cluster {} is still in use; it will be deleted later", group.groupId(), clusterId);
                    allGone = false;
                } else if (!code.startsWith("InvalidGroup.NotFound")) {
                    throw e;
                }
            }
        }
        return allGone;
    }

    private SecurityGroup create(Ec2Client ec2, Map<String, String> clusterTags, CloudMutations mutations) {
        String cluster = clusterTags.get(ResourceTags.CLUSTER);
        Map<String, String> tags = new TreeMap<>(clusterTags);
        tags.putIfAbsent("Name", name(cluster));
        String vpcId = vpc(ec2).vpcId();
        try {
            String id = ec2.createSecurityGroup(b -> b.groupName(name(cluster)).vpcId(vpcId)
                    .description("Flotilla cluster " + cluster + ": inside the cluster, scheduler ports from allowed addresses")
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                            .tags(Ec2LaunchTemplates.tags(tags)).build())).groupId();
            mutations.report("security_group", "create", name(cluster) + " in " + vpcId, id);
            return ec2.describeSecurityGroups(b -> b.groupIds(id)).securityGroups().get(0);
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() == null || !"InvalidGroup.Duplicate".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            // Created concurrently by another launch of the cluster: take it, if it is ours.
            return ofCluster(ec2, clusterTags.get(ResourceTags.APPLIANCE), cluster).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("A security group named " + name(cluster)
                            + " exists in " + vpcId + " without this appliance's tags; Flotilla does not touch it."));
        }
    }

    /** Adds missing rules; removes scheduler-port rules of addresses no longer allowed. */
    private void converge(Ec2Client ec2, SecurityGroup group, List<String> allowed, CloudMutations mutations) {
        Set<String> wanted = new LinkedHashSet<>(allowed.isEmpty() ? vpcCidrs(vpcById(ec2, group.vpcId())) : allowed);
        boolean selfAllowed = false;
        Set<String> present = new LinkedHashSet<>();
        for (IpPermission permission : group.ipPermissions()) {
            if (ALL_PROTOCOLS.equals(permission.ipProtocol())
                    && permission.userIdGroupPairs().stream().anyMatch(p -> group.groupId().equals(p.groupId()))) {
                selfAllowed = true;
            }
            if (schedulerPorts(permission)) {
                permission.ipRanges().forEach(r -> present.add(r.cidrIp()));
                permission.ipv6Ranges().forEach(r -> present.add(r.cidrIpv6()));
            }
        }
        List<IpPermission> add = new ArrayList<>();
        if (!selfAllowed) {
            add.add(IpPermission.builder().ipProtocol(ALL_PROTOCOLS)
                    .userIdGroupPairs(UserIdGroupPair.builder().groupId(group.groupId())
                            .description("inside the cluster").build()).build());
        }
        List<String> missing = wanted.stream().filter(c -> !present.contains(c)).toList();
        if (!missing.isEmpty()) {
            add.add(schedulerPermission(missing, "Dask scheduler and dashboard"));
        }
        if (!add.isEmpty()) {
            try {
                ec2.authorizeSecurityGroupIngress(b -> b.groupId(group.groupId()).ipPermissions(add));
                List<String> rules = new ArrayList<>();
                if (!selfAllowed) {
                    rules.add("all from the group itself");
                }
                if (!missing.isEmpty()) {
                    rules.add("tcp " + SCHEDULER_PORT + "-" + DASHBOARD_PORT + " from " + String.join(",", missing));
                }
                mutations.report("security_group", "authorize", "ingress " + String.join("; ", rules), group.groupId());
            } catch (Ec2Exception e) {
                if (e.awsErrorDetails() == null || !"InvalidPermission.Duplicate".equals(e.awsErrorDetails().errorCode())) {
                    throw e;
                }
            }
        }
        List<String> stale = present.stream().filter(c -> !wanted.contains(c)).toList();
        if (!stale.isEmpty()) {
            ec2.revokeSecurityGroupIngress(b -> b.groupId(group.groupId()).ipPermissions(schedulerPermission(stale, null)));
            mutations.report("security_group", "revoke", "ingress tcp " + SCHEDULER_PORT + "-" + DASHBOARD_PORT + " from "
                    + String.join(",", stale), group.groupId());
        }
    }

    private static boolean schedulerPorts(IpPermission permission) {
        return "tcp".equals(permission.ipProtocol()) && Integer.valueOf(SCHEDULER_PORT).equals(permission.fromPort())
                && Integer.valueOf(DASHBOARD_PORT).equals(permission.toPort());
    }

    private static IpPermission schedulerPermission(List<String> cidrs, String description) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(SCHEDULER_PORT).toPort(DASHBOARD_PORT)
                .ipRanges(cidrs.stream().filter(c -> !c.contains(":"))
                        .map(c -> IpRange.builder().cidrIp(c).description(description).build()).toList())
                .ipv6Ranges(cidrs.stream().filter(c -> c.contains(":"))
                        .map(c -> Ipv6Range.builder().cidrIpv6(c).description(description).build()).toList())
                .build();
    }

    /** The VPC of the account's subnets, or the region's default VPC. */
    Vpc vpc(Ec2Client ec2) {
        if (!subnetIds.isEmpty()) {
            String vpcId = ec2.describeSubnets(b -> b.subnetIds(subnetIds.get(0))).subnets().get(0).vpcId();
            return vpcById(ec2, vpcId);
        }
        return ec2.describeVpcs(b -> b.filters(Filter.builder().name("is-default").values("true").build())).vpcs()
                .stream().findFirst().orElseThrow(() -> new IllegalStateException(
                        "The region has no default VPC: name the subnets clusters run in (or let Flotilla create a network)."));
    }

    private static Vpc vpcById(Ec2Client ec2, String vpcId) {
        return ec2.describeVpcs(b -> b.vpcIds(vpcId)).vpcs().get(0);
    }

    private static List<String> vpcCidrs(Vpc vpc) {
        List<String> cidrs = vpc.cidrBlockAssociationSet().stream()
                .filter(a -> a.cidrBlockState() == null || a.cidrBlockState().state() == VpcCidrBlockStateCode.ASSOCIATED)
                .map(a -> a.cidrBlock()).filter(Objects::nonNull).distinct().toList();
        return cidrs.isEmpty() ? List.of(vpc.cidrBlock()) : cidrs;
    }

    private static List<SecurityGroup> describe(Ec2Client ec2, Map<String, String> tags) {
        List<Filter> filters = tags.entrySet().stream()
                .map(e -> Filter.builder().name("tag:" + e.getKey()).values(e.getValue()).build()).toList();
        List<SecurityGroup> groups = new ArrayList<>();
        ec2.describeSecurityGroupsPaginator(b -> b.filters(filters)).securityGroups().forEach(groups::add);
        return groups;
    }

    private static String tag(SecurityGroup group, String key) {
        return group.tags().stream().filter(t -> key.equals(t.key())).map(t -> t.value()).findFirst().orElse(null);
    }
}
