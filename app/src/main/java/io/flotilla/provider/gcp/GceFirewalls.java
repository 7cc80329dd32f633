package io.flotilla.provider.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.Allowed;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.FirewallsClient;
import com.google.cloud.compute.v1.InsertFirewallRequest;
import com.google.cloud.compute.v1.ListFirewallsRequest;
import com.google.cloud.compute.v1.Operation;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ProviderCapabilities;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two firewall rules per cluster on the account's network, both targeting the cluster's network tag
 * ({@link #networkTag}): {@code flotilla-<cluster>-internal} lets all traffic in from instances with that tag, and
 * {@code flotilla-<cluster>-scheduler} the scheduler and dashboard ports from the allowed CIDRs only (no rule when
 * none are allowed). Firewall rules carry no labels: ownership is the name prefix plus the description
 * {@code flotilla-appliance=<id> flotilla-cluster=<id>}, and both are checked before a rule is touched.
 */
public class GceFirewalls {
    /** Prefix of every name of Flotilla's rules and network tags. */
    public static final String PREFIX = "flotilla-";
    private static final Logger LOG = LoggerFactory.getLogger(GceFirewalls.class);
    private static final Pattern OWNER = Pattern.compile("flotilla-appliance=(\\S+) flotilla-cluster=(\\S+)");
    private static final List<String> SUFFIXES = List.of("internal", "scheduler");

    private final Supplier<FirewallsClient> firewalls;
    private final GceOperations operations;
    private final GcpAccountContext account;

    GceFirewalls(Supplier<FirewallsClient> firewalls, GceOperations operations, GcpAccountContext account) {
        this.firewalls = firewalls;
        this.operations = operations;
        this.account = account;
    }

    /** The network tag of a cluster's instances, which its rules target. */
    public static String networkTag(String clusterId) {
        return PREFIX + GceLabels.value(clusterId).replace('_', '-').replaceAll("-+$", "");
    }

    /** The name of the cluster's rule ({@code internal} or {@code scheduler}). */
    public static String ruleName(String clusterId, String suffix) {
        return networkTag(clusterId) + "-" + suffix;
    }

    /** The description that marks a rule as this appliance's, of this cluster. */
    public static String ownerDescription(String applianceId, String clusterId) {
        return "Flotilla cluster rule; flotilla-appliance=" + applianceId + " flotilla-cluster=" + clusterId;
    }

    /**
     * Creates the cluster's rules unless they exist (idempotent); refuses when a rule of that name exists without
     * this appliance's ownership.
     *
     * @param allowedCidrs who may reach the scheduler ports; empty: nobody outside the cluster
     */
    public void ensure(String applianceId, String clusterId, List<String> allowedCidrs, CloudMutations mutations) {
        String tag = networkTag(clusterId);
        create(applianceId, clusterId, Firewall.newBuilder().setName(ruleName(clusterId, "internal"))
                .addSourceTags(tag).addTargetTags(tag)
                .addAllowed(Allowed.newBuilder().setIPProtocol("all")), "all traffic from " + tag, mutations);
        if (allowedCidrs.isEmpty()) {
            LOG.warn("No allowed CIDRs for cluster {}: its scheduler ports are reachable only inside the cluster", clusterId);
            return;
        }
        create(applianceId, clusterId, Firewall.newBuilder().setName(ruleName(clusterId, "scheduler"))
                .addAllSourceRanges(allowedCidrs).addTargetTags(tag)
                .addAllowed(Allowed.newBuilder().setIPProtocol("tcp").addPorts(ProviderCapabilities.SCHEDULER_PORT
                        + "-" + ProviderCapabilities.DASHBOARD_PORT)),
                "tcp " + ProviderCapabilities.SCHEDULER_PORT + "-" + ProviderCapabilities.DASHBOARD_PORT + " from "
                        + String.join(",", allowedCidrs), mutations);
    }

    /** Deletes the cluster's rules that carry this appliance's ownership; others are left (with a warning). */
    public void deleteOfCluster(String applianceId, String clusterId, CloudMutations mutations) {
        for (String suffix : SUFFIXES) {
            String name = ruleName(clusterId, suffix);
            Firewall rule = get(name);
            if (rule == null) {
                continue;
            }
            if (!owned(rule, applianceId, clusterId)) {
                LOG.warn("Firewall rule {} does not carry this appliance's ownership; Flotilla does not delete it", name);
                continue;
            }
            try {
                Operation done = operations.awaitGlobal(firewalls.get().deleteCallable().call(
                        com.google.cloud.compute.v1.DeleteFirewallRequest.newBuilder().setProject(account.project())
                                .setFirewall(name).build()));
                GceFailure failure = GceFailure.of(done);
                if (failure != null) {
                    throw failure.toServiceException(account.project(), "deleting firewall rule " + name);
                }
                mutations.report("firewall", "delete", name, name);
            } catch (NotFoundException gone) {
                // deleted meanwhile
            } catch (ApiException e) {
                throw GceFailure.of(e).toServiceException(account.project(), "deleting firewall rule " + name);
            }
        }
    }

    /** Cluster ids of this appliance's rules on the project. */
    public Set<String> clusters(String applianceId) {
        Set<String> clusters = new HashSet<>();
        try {
            for (Firewall rule : firewalls.get().list(ListFirewallsRequest.newBuilder().setProject(account.project()).build())
                    .iterateAll()) {
                Matcher owner = OWNER.matcher(rule.getDescription());
                if (rule.getName().startsWith(PREFIX) && owner.find() && owner.group(1).equals(applianceId)
                        && owned(rule, applianceId, owner.group(2))) {
                    clusters.add(owner.group(2));
                }
            }
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException(account.project(), "listing firewall rules");
        }
        return clusters;
    }

    private void create(String applianceId, String clusterId, Firewall.Builder rule, String detail, CloudMutations mutations) {
        Firewall firewall = rule.setNetwork(account.networkPath()).setDirection("INGRESS")
                .setDescription(ownerDescription(applianceId, clusterId)).build();
        Firewall present = get(firewall.getName());
        if (present != null) {
            requireOwned(present, applianceId, clusterId);
            if (!present.getSourceRangesList().equals(firewall.getSourceRangesList())) {
                update(present.getName(), firewall.getSourceRangesList(), detail, mutations);
            }
            return;
        }
        try {
            Operation done = operations.awaitGlobal(firewalls.get().insertCallable().call(InsertFirewallRequest.newBuilder()
                    .setProject(account.project()).setFirewallResource(firewall)
                    .setRequestId(GceLabels.requestId(applianceId + "/firewall/" + firewall.getName())).build()));
            GceFailure failure = GceFailure.of(done);
            if (failure != null && !"alreadyExists".equals(failure.code()) && !"RESOURCE_ALREADY_EXISTS".equals(failure.code())) {
                throw failure.toServiceException(account.project(), "creating firewall rule " + firewall.getName());
            }
            if (failure == null) {
                mutations.report("firewall", "create", detail + " on " + account.networkPath(), firewall.getName());
                return;
            }
        } catch (ApiException e) {
            if (!GceFailure.alreadyExists(e)) {
                throw GceFailure.of(e).toServiceException(account.project(), "creating firewall rule " + firewall.getName());
            }
            // created meanwhile by another launch of the cluster, or by someone else: checked below
        }
        Firewall existing = get(firewall.getName());
        if (existing != null) {
            requireOwned(existing, applianceId, clusterId);
        }
    }

    /** Replaces the rule's source ranges (a workspace's allowed addresses changed): PATCH replaces the list. */
    private void update(String name, List<String> sourceRanges, String detail, CloudMutations mutations) {
        try {
            Operation done = operations.awaitGlobal(firewalls.get().patchCallable().call(
                    com.google.cloud.compute.v1.PatchFirewallRequest.newBuilder().setProject(account.project())
                            .setFirewall(name).setFirewallResource(Firewall.newBuilder().addAllSourceRanges(sourceRanges))
                            .build()));
            GceFailure failure = GceFailure.of(done);
            if (failure != null) {
                throw failure.toServiceException(account.project(), "updating firewall rule " + name);
            }
            mutations.report("firewall", "update", detail, name);
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException(account.project(), "updating firewall rule " + name);
        }
    }

    private void requireOwned(Firewall existing, String applianceId, String clusterId) {
        if (!owned(existing, applianceId, clusterId)) {
            throw ServiceException.conflict("gcp_firewall_not_owned", "A firewall rule named " + existing.getName()
                    + " exists in project " + account.project() + " without this appliance's ownership; Flotilla does not touch it.");
        }
    }

    @Nullable
    private Firewall get(String name) {
        try {
            return firewalls.get().get(account.project(), name);
        } catch (NotFoundException e) {
            return null;
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException(account.project(), "reading firewall rule " + name);
        }
    }

    private static boolean owned(Firewall rule, String applianceId, String clusterId) {
        return rule.getName().startsWith(PREFIX) && rule.getDescription().endsWith(ownerDescription(applianceId, clusterId));
    }
}
