package io.flotilla.provider.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.ListZoneOperationsRequest;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Zone;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ClusterResourceCleanup;
import io.flotilla.provider.InterruptionReasons;
import io.flotilla.provider.LeftoverResources;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ProviderCapabilities;
import io.flotilla.provider.ResourceTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Runs cluster instances as Compute Engine VMs in one account's project and region ({@link GcpAccountContext}):
 * named deterministically from the launch's idempotency key, labelled at creation, on the cluster's network tag
 * whose firewall rules ({@link GceFirewalls}) are created before the cluster's first instance and deleted once
 * none lives; machine types from {@link MachineTypeCatalog}; zone and Spot fallback by {@link GceInstanceLauncher}.
 * Every delete acts only on resources carrying this appliance's ownership. Instance ids are {@code <zone>/<name>}.
 * One instance per account, made by {@link GceProviders}.
 */
public class GceComputeProvider implements ComputeProvider, ClusterResourceCleanup, LeftoverResources, InterruptionReasons {
    public static final String ID = "gcp";
    /** Spot workers, GPU workers, VMs outlive the appliance, one VM each. */
    /** Why a preempted worker stopped, as its cluster's events say. */
    public static final String PREEMPTED_REASON = "preempted by Compute Engine (Spot capacity reclaimed); replaced";
    public static final ProviderCapabilities CAPABILITIES = new ProviderCapabilities(true, true, true, true,
            ProviderCapabilities.GCE_METADATA);
    /** Compute Engine's operation type recorded when it preempts a Spot (or preemptible) VM. */
    public static final String PREEMPTED_OPERATION = "compute.instances.preempted";
    private static final Logger LOG = LoggerFactory.getLogger(GceComputeProvider.class);

    private final GcpProviderConfig config;
    private final GcpAccountContext account;
    private final GcpClients clients;
    private final Supplier<String> applianceId;
    private final GceOperations operations;
    private final GceFirewalls firewalls;
    private final GceInstanceLauncher launcher;
    private final GceSpotPolicy spotPolicy;
    private final MachineTypeCatalog catalog;
    private volatile List<String> zones;

    /**
     * @param config      settings shared by every account (images, machine types, spot policy)
     * @param clients     Compute Engine clients, built with the account's credentials and endpoint
     * @param applianceId the value of this appliance's ownership label
     * @param account     project, region, zones, credentials and network of the account
     */
    public GceComputeProvider(GcpProviderConfig config, GcpClients clients, Supplier<String> applianceId,
                              GcpAccountContext account) {
        this.config = config;
        this.account = account;
        this.clients = clients;
        this.applianceId = applianceId;
        this.operations = new GceOperations(() -> clients.zoneOperations(account),
                () -> clients.globalOperations(account), account.project(), config.getOperationTimeout());
        this.firewalls = new GceFirewalls(() -> clients.firewalls(account), operations, account);
        this.catalog = new MachineTypeCatalog(this::machineTypes, this::acceleratorTypes, config.getMachineTypes(),
                config.getGpuAcceleratorType(), config.getMachineTypeCacheTtl(), Clock.systemUTC());
        this.launcher = new GceInstanceLauncher(account, config, () -> clients.instances(account), operations, catalog);
        this.spotPolicy = GceSpotPolicy.parse(config.getSpotPolicy());
    }

    /** The account this provider launches in. */
    public GcpAccountContext account() {
        return account;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String accountName() {
        return account.name();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public LaunchedInstance launch(LaunchRequest request, CloudMutations mutations) {
        Objects.requireNonNull(request.idempotencyKey(), "idempotencyKey");
        Objects.requireNonNull(request.boot(), "boot");
        Map<String, String> tags = new TreeMap<>(request.tags() == null ? Map.of() : request.tags());
        for (String required : List.of(ResourceTags.APPLIANCE, ResourceTags.CLUSTER)) {
            if (tags.get(required) == null) {
                throw new IllegalArgumentException("A GCP launch needs the tag " + required);
            }
        }
        tags.putIfAbsent(ResourceTags.ROLE, ResourceTags.roleValue(request.role()));
        tags.putIfAbsent(ResourceTags.INSTANCE, request.instanceName());
        String appliance = tags.get(ResourceTags.APPLIANCE);
        String cluster = tags.get(ResourceTags.CLUSTER);
        String name = GceLabels.name("fl", request.instanceName(), request.idempotencyKey());
        Instance existing = GceInstances.find(instances(), account.project(), "name = " + GceInstances.quoted(name))
                .stream().findFirst().orElse(null);
        if (existing != null) {
            if (!GceLabels.value(appliance).equals(existing.getLabelsMap().get(GceLabels.key(ResourceTags.APPLIANCE)))) {
                throw ServiceException.conflict("gcp_instance_not_owned", "An instance named " + name + " exists in project "
                        + account.project() + " without this appliance's label; Flotilla does not touch it.");
            }
            return launched(existing, request.instanceName());
        }
        firewalls.ensure(appliance, cluster, request.allowedCidrs().isEmpty() ? account.allowedCidrs() : request.allowedCidrs(),
                mutations);
        boolean scheduler = request.role() == InstanceRole.SCHEDULER;
        GceSpotPolicy policy = scheduler ? GceSpotPolicy.ON_DEMAND
                : request.spotPolicy() == null ? spotPolicy : GceSpotPolicy.parse(request.spotPolicy());
        GceInstanceSpec spec = new GceInstanceSpec(name, request.idempotencyKey(), request.role(), request.size(),
                GceLabels.labels(tags), GceFirewalls.networkTag(cluster),
                GceStartupScript.of(request.boot(), config.isImageBaked()),
                "Flotilla " + ResourceTags.roleValue(request.role()) + " " + request.instanceName() + " of cluster " + cluster);
        Instance started = launcher.launch(spec, zones(), policy.provisioningModels(), mutations);
        return launched(started, request.instanceName());
    }

    @Override
    public void terminate(Collection<String> instanceIds, CloudMutations mutations) {
        String appliance = GceLabels.value(applianceId.get());
        Map<String, Operation> deleting = new LinkedHashMap<>();
        Set<String> clusters = new HashSet<>();
        for (String id : instanceIds) {
            Instance instance = get(id);
            if (instance == null) {
                continue;
            }
            Map<String, String> labels = instance.getLabelsMap();
            if (!appliance.equals(labels.get(GceLabels.key(ResourceTags.APPLIANCE)))) {
                LOG.warn("Instance {} does not carry this appliance's label; Flotilla does not delete it", id);
                continue;
            }
            String zone = GceInstances.zone(instance);
            try {
                deleting.put(GceInstances.id(instance), instances().deleteCallable().call(DeleteInstanceRequest.newBuilder()
                        .setProject(account.project()).setZone(zone).setInstance(instance.getName())
                        .setRequestId(GceLabels.requestId("delete/" + instance.getId())).build()));
            } catch (NotFoundException gone) {
                continue;
            } catch (ApiException e) {
                throw GceFailure.of(e).toServiceException(account.project(), "deleting instance " + id);
            }
            if (labels.containsKey(GceLabels.key(ResourceTags.CLUSTER))) {
                clusters.add(labels.get(GceLabels.key(ResourceTags.CLUSTER)));
            }
        }
        deleting.forEach((id, operation) -> {
            GceFailure failure = GceFailure.of(operations.awaitZone(operation, id.substring(0, id.indexOf('/'))));
            if (failure != null && !"RESOURCE_NOT_FOUND".equals(failure.code())) {
                throw failure.toServiceException(account.project(), "deleting instance " + id);
            }
            mutations.report("instance", "delete", null, id);
        });
        clusters.forEach(cluster -> releaseClusterResources(cluster, mutations));
    }

    @Override
    public List<ObservedInstance> list(Map<String, String> tagFilter) {
        return GceInstances.find(instances(), account.project(), GceLabels.filter(tagFilter == null ? Map.of() : tagFilter))
                .stream().map(GceInstances::observe).toList();
    }

    /** Deletes the cluster's firewall rules once none of its instances is left that is not TERMINATED. */
    @Override
    public Optional<ClusterResourceCleanup> cleanup() {
        return Optional.of(this);
    }

    @Override
    public Optional<LeftoverResources> leftovers() {
        return Optional.of(this);
    }

    @Override
    public Optional<InterruptionReasons> interruptions() {
        return Optional.of(this);
    }

    /** Instances Compute Engine preempted (a {@value #PREEMPTED_OPERATION} operation names them), with that reason. */
    @Override
    public Map<String, String> interrupted(Collection<String> instanceIds) {
        Map<String, String> reasons = new TreeMap<>();
        preempted(instanceIds).forEach(id -> reasons.put(id, PREEMPTED_REASON));
        return reasons;
    }

    @Override
    public void releaseClusterResources(String clusterId, CloudMutations mutations) {
        String appliance = applianceId.get();
        boolean inUse = GceInstances.find(instances(), account.project(), GceLabels.filter(Map.of(
                ResourceTags.APPLIANCE, appliance, ResourceTags.CLUSTER, clusterId))).stream()
                .anyMatch(i -> !"TERMINATED".equals(i.getStatus()));
        if (!inUse) {
            firewalls.deleteOfCluster(appliance, clusterId, mutations);
        }
    }

    /** Clusters with firewall rules of this appliance (the only filter keys honoured: appliance and cluster). */
    @Override
    public Set<String> clustersWithResources(Map<String, String> tagFilter) {
        Map<String, String> filter = tagFilter == null ? Map.of() : tagFilter;
        Set<String> unknown = new HashSet<>(filter.keySet());
        unknown.removeAll(List.of(ResourceTags.APPLIANCE, ResourceTags.CLUSTER));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Firewall rules record only the appliance and cluster, not " + unknown);
        }
        String appliance = applianceId.get();
        if (filter.containsKey(ResourceTags.APPLIANCE) && !filter.get(ResourceTags.APPLIANCE).equals(appliance)) {
            return Set.of();
        }
        Set<String> clusters = new HashSet<>(firewalls.clusters(appliance));
        if (filter.containsKey(ResourceTags.CLUSTER)) {
            clusters.retainAll(Set.of(filter.get(ResourceTags.CLUSTER)));
        }
        return clusters;
    }

    /**
     * The ones among these instances that Compute Engine preempted: it records a {@value #PREEMPTED_OPERATION}
     * zone operation targeting each (a Spot VM with {@code instanceTerminationAction=DELETE} is then deleted; one with
     * {@code STOP} stays TERMINATED). The engine asks for the workers it lost, to record the reason.
     */
    public Set<String> preempted(Collection<String> instanceIds) {
        Map<String, Set<String>> namesByZone = new TreeMap<>();
        for (String id : instanceIds) {
            int slash = id.indexOf('/');
            if (slash > 0) {
                namesByZone.computeIfAbsent(id.substring(0, slash), z -> new HashSet<>()).add(id.substring(slash + 1));
            }
        }
        Set<String> preempted = new HashSet<>();
        namesByZone.forEach((zone, names) -> {
            try {
                for (Operation operation : clients.zoneOperations(account).list(ListZoneOperationsRequest.newBuilder()
                        .setProject(account.project()).setZone(zone)
                        .setFilter("operationType = \"" + PREEMPTED_OPERATION + "\"").build()).iterateAll()) {
                    String target = operation.getTargetLink().substring(operation.getTargetLink().lastIndexOf('/') + 1);
                    if (names.contains(target)) {
                        preempted.add(GceInstances.id(zone, target));
                    }
                }
            } catch (ApiException e) {
                throw GceFailure.of(e).toServiceException(account.project(), "listing the operations of zone " + zone);
            }
        });
        return preempted;
    }

    /** The zones tried in order: the account's, or the region's (zones.list, UP ones, by name; read once). */
    List<String> zones() {
        if (!account.zones().isEmpty()) {
            return account.zones();
        }
        if (zones == null) {
            try {
                List<String> found = StreamSupport.stream(clients.zones(account).list(account.project()).iterateAll().spliterator(), false)
                        .filter(z -> z.getRegion().endsWith("/regions/" + account.region()) && !"DOWN".equals(z.getStatus()))
                        .map(Zone::getName).sorted().toList();
                if (found.isEmpty()) {
                    throw ServiceException.invalid("region", "Project " + account.project() + " has no zone in region "
                            + account.region() + ".");
                }
                zones = found;
            } catch (ApiException e) {
                throw GceFailure.of(e).toServiceException(account.project(), "listing zones");
            }
        }
        return zones;
    }

    private List<com.google.cloud.compute.v1.MachineType> machineTypes(String zone) {
        try {
            List<com.google.cloud.compute.v1.MachineType> types = new ArrayList<>();
            clients.machineTypes(account).list(account.project(), zone).iterateAll().forEach(types::add);
            return types;
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException(account.project(), "listing the machine types of zone " + zone);
        }
    }

    private List<com.google.cloud.compute.v1.AcceleratorType> acceleratorTypes(String zone) {
        try {
            List<com.google.cloud.compute.v1.AcceleratorType> types = new ArrayList<>();
            clients.acceleratorTypes(account).list(account.project(), zone).iterateAll().forEach(types::add);
            return types;
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException(account.project(), "listing the accelerator types of zone " + zone);
        }
    }

    private Instance get(String id) {
        int slash = id.indexOf('/');
        try {
            if (slash < 0) {
                return GceInstances.find(instances(), account.project(), "name = " + GceInstances.quoted(id)).stream()
                        .findFirst().orElse(null);
            }
            return instances().get(account.project(), id.substring(0, slash), id.substring(slash + 1));
        } catch (NotFoundException e) {
            return null;
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException(account.project(), "reading instance " + id);
        }
    }

    private InstancesClient instances() {
        return clients.instances(account);
    }

    private LaunchedInstance launched(Instance instance, String name) {
        return new LaunchedInstance(GceInstances.id(instance), name, GceInstances.privateAddress(instance),
                GceInstanceShapes.of(instance, catalog));
    }
}
