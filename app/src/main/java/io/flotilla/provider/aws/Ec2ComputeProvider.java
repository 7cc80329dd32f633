package io.flotilla.provider.aws;

import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ClusterResourceCleanup;
import io.flotilla.provider.InterruptionReasons;
import io.flotilla.provider.LeftoverResources;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.InstanceShape;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ProviderCapabilities;
import io.flotilla.provider.ResourceTags;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs cluster instances as EC2 instances in one cloud account's region ({@link AwsAccountContext}): a security
 * group per cluster ({@link Ec2SecurityGroups}), a launch template version per instance
 * ({@link Ec2LaunchTemplates}) and an instant fleet over several capacity pools ({@link Ec2FleetLauncher}).
 * Once a cluster has no live instance, its templates, security group and fleet records are released. Every
 * delete acts only on resources carrying this appliance's {@link ResourceTags#APPLIANCE} tag. Every EC2 call that
 * changes something is reported to the call's {@link CloudMutations}. One instance per account, made by
 * {@link Ec2Providers}.
 */
public class Ec2ComputeProvider implements ComputeProvider, ClusterResourceCleanup, LeftoverResources {
    public static final String ID = "aws";
    /** Tag holding the launch's idempotency key: a repeated launch finds the instance by it. */
    public static final String LAUNCH_KEY_TAG = "flotilla:launch-key";
    /** Spot workers, GPU workers ({@link InstanceTypeCatalog}), instances outlive the appliance, one VM each. */
    public static final ProviderCapabilities CAPABILITIES = new ProviderCapabilities(true, true, true, true);

    private final AwsProviderConfig config;
    private final AwsAccountContext account;
    private final String region;
    private final Supplier<Ec2Client> ec2;
    private final Supplier<String> applianceId;
    private final WorkerImage image;
    private final InstanceTypeCatalog catalog;
    private final Ec2LaunchTemplates templates;
    private final Ec2SecurityGroups securityGroups;
    private final Ec2FleetLauncher fleets = new Ec2FleetLauncher();
    private final SpotPolicy spotPolicy;

    /**
     * @param config      settings shared by every account (image, instance types, spot policy)
     * @param clients     SDK clients, built with the account's credentials
     * @param applianceId the value of this appliance's ownership tag
     * @param account     region, credentials and network of the account instances run in
     */
    public Ec2ComputeProvider(AwsProviderConfig config, AwsClients clients, Supplier<String> applianceId,
                              AwsAccountContext account) {
        this.config = config;
        this.account = account;
        this.region = Objects.requireNonNull(account.region(), "the AWS account has no region");
        this.ec2 = () -> clients.ec2(region, account.credentials());
        this.applianceId = applianceId;
        this.image = new WorkerImage(config, r -> clients.ssm(r, account.credentials()));
        this.catalog = new InstanceTypeCatalog(config.getInstanceTypes(), r -> clients.ec2(r, account.credentials()));
        this.templates = new Ec2LaunchTemplates(account.instanceProfileArn());
        this.securityGroups = new Ec2SecurityGroups(account.subnetIds(), account.allowedCidrs());
        this.spotPolicy = SpotPolicy.parse(config.getSpotPolicy());
    }

    /** The account this provider launches in. */
    public AwsAccountContext account() {
        return account;
    }

    @Override
    public String id() {
        return ID;
    }

    /** The registered cloud account's name ({@code default} for the account of {@code flotilla.aws.*}). */
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
        Map<String, String> tags = instanceTags(request);
        Ec2Client client = ec2.get();
        List<Instance> existing = Ec2Instances.find(client, Map.of(LAUNCH_KEY_TAG, request.idempotencyKey(),
                ResourceTags.APPLIANCE, tags.get(ResourceTags.APPLIANCE)), null);
        if (!existing.isEmpty()) {
            return launched(existing.get(0), request.instanceName(), existing.get(0).privateIpAddress());
        }
        String role = ResourceTags.roleValue(request.role());
        Map<String, String> templateTags = new TreeMap<>(Map.of(ResourceTags.APPLIANCE, tags.get(ResourceTags.APPLIANCE),
                ResourceTags.CLUSTER, tags.get(ResourceTags.CLUSTER), ResourceTags.ROLE, role));
        if (tags.containsKey(ResourceTags.WORKSPACE)) {
            templateTags.put(ResourceTags.WORKSPACE, tags.get(ResourceTags.WORKSPACE));
        }
        Map<String, String> clusterTags = new TreeMap<>(templateTags);
        clusterTags.remove(ResourceTags.ROLE);
        boolean scheduler = request.role() == InstanceRole.SCHEDULER;
        SpotPolicy policy = request.spotPolicy() == null ? spotPolicy : SpotPolicy.parse(request.spotPolicy());
        List<DefaultTargetCapacityType> options = scheduler ? List.of(DefaultTargetCapacityType.ON_DEMAND)
                : policy.purchaseOptions();
        List<String> types = scheduler ? List.of(config.getSchedulerInstanceType())
                : catalog.choose(region, request.size(), options.contains(DefaultTargetCapacityType.SPOT));
        String architecture = scheduler ? InstanceTypeCatalog.X86_64 : InstanceTypeCatalog.architecture(request.size());
        List<String> groups = new ArrayList<>();
        groups.add(securityGroups.forCluster(client, clusterTags, request.allowedCidrs(), mutations));
        config.getSecurityGroupIds().stream().filter(g -> !groups.contains(g)).forEach(groups::add);
        Ec2LaunchTemplates.Version version = templates.forInstance(client, templateTags, role,
                new Ec2LaunchTemplates.InstanceData(image.imageId(region, architecture), UserDataScript.base64(request.boot(), config.isImageBaked()),
                        tags, groups), mutations);
        Ec2FleetLauncher.Started started = fleets.launch(client, version, pools(types), options,
                request.idempotencyKey(), templateTags, mutations);
        Instance instance = described(client, started.instanceId());
        return launched(instance, request.instanceName(), instance.privateIpAddress());
    }

    @Override
    public void terminate(Collection<String> instanceIds, CloudMutations mutations) {
        if (instanceIds.isEmpty()) {
            return;
        }
        Ec2Client client = ec2.get();
        String appliance = applianceId.get();
        List<Instance> owned = Ec2Instances.find(client, Map.of(ResourceTags.APPLIANCE, appliance), instanceIds);
        List<String> toTerminate = owned.stream().filter(Ec2Instances::live).map(Instance::instanceId).toList();
        if (!toTerminate.isEmpty()) {
            client.terminateInstances(b -> b.instanceIds(toTerminate));
            mutations.report("instance", "terminate", null, toTerminate);
        }
        Set<String> clusters = owned.stream().map(i -> Ec2Instances.tags(i).get(ResourceTags.CLUSTER))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        clusters.forEach(cluster -> release(client, appliance, cluster, mutations));
    }

    @Override
    public Optional<ClusterResourceCleanup> cleanup() {
        return Optional.of(this);
    }

    /** An interrupted Spot instance shows as terminated: the worker counts as failed and is replaced. */
    @Override
    public Optional<InterruptionReasons> interruptions() {
        return Optional.empty();
    }

    @Override
    public Optional<LeftoverResources> leftovers() {
        return Optional.of(this);
    }

    @Override
    public void releaseClusterResources(String clusterId, CloudMutations mutations) {
        release(ec2.get(), applianceId.get(), clusterId, mutations);
    }

    /** Clusters with templates, security groups or fleet records carrying the tags (always this appliance's). */
    @Override
    public Set<String> clustersWithResources(Map<String, String> tagFilter) {
        Map<String, String> filter = new TreeMap<>(tagFilter == null ? Map.of() : tagFilter);
        filter.put(ResourceTags.APPLIANCE, applianceId.get());
        Ec2Client client = ec2.get();
        Set<String> clusters = new HashSet<>(templates.clusters(client, filter));
        clusters.addAll(securityGroups.clusters(client, filter));
        clusters.addAll(Ec2FleetRecords.clusters(client, filter));
        return clusters;
    }

    @Override
    public List<ObservedInstance> list(Map<String, String> tagFilter) {
        return Ec2Instances.find(ec2.get(), tagFilter == null ? Map.of() : tagFilter, null).stream()
                .map(Ec2Instances::observe).toList();
    }

    /**
     * Deletes the cluster's templates of roles without a live instance; once no instance of the cluster lives,
     * also its finished fleet records and its security group (which EC2 may refuse for a few minutes after
     * termination: the orphan sweeper calls again).
     */
    private void release(Ec2Client client, String appliance, String cluster, CloudMutations mutations) {
        Set<String> liveRoles = Ec2Instances.find(client, Map.of(ResourceTags.APPLIANCE, appliance,
                        ResourceTags.CLUSTER, cluster), null).stream()
                .filter(Ec2Instances::live)
                .map(i -> Ec2Instances.tags(i).getOrDefault(ResourceTags.ROLE, ""))
                .collect(Collectors.toSet());
        templates.ofCluster(client, appliance, cluster).forEach((role, ids) -> {
            if (!liveRoles.contains(role)) {
                ids.forEach(id -> templates.delete(client, id, mutations));
            }
        });
        if (liveRoles.isEmpty()) {
            Ec2FleetRecords.deleteFinished(client, appliance, cluster, mutations);
            securityGroups.deleteOfCluster(client, appliance, cluster, mutations);
        }
    }

    private Map<String, String> instanceTags(LaunchRequest request) {
        Map<String, String> tags = new TreeMap<>(request.tags() == null ? Map.of() : request.tags());
        for (String required : List.of(ResourceTags.APPLIANCE, ResourceTags.CLUSTER)) {
            if (tags.get(required) == null) {
                throw new IllegalArgumentException("An AWS launch needs the tag " + required);
            }
        }
        tags.putIfAbsent(ResourceTags.ROLE, ResourceTags.roleValue(request.role()));
        tags.putIfAbsent(ResourceTags.INSTANCE, request.instanceName());
        tags.put(LAUNCH_KEY_TAG, request.idempotencyKey());
        tags.putIfAbsent("Name", request.instanceName());
        return tags;
    }

    private List<CapacityPool> pools(List<String> types) {
        List<CapacityPool> pools = new ArrayList<>();
        for (String type : types) {
            if (account.subnetIds().isEmpty()) {
                pools.add(new CapacityPool(type, null));
            }
            account.subnetIds().forEach(subnet -> pools.add(new CapacityPool(type, subnet)));
        }
        return pools;
    }

    /**
     * The launched instance as EC2 describes it, with its private address: EC2 assigns it at launch, but describe may
     * lag behind CreateFleet for a moment. After the retries, an instance without one (or only its id).
     */
    private static Instance described(Ec2Client client, String instanceId) {
        Instance last = Instance.builder().instanceId(instanceId).build();
        for (int attempt = 0; attempt < 10; attempt++) {
            List<Instance> found = Ec2Instances.find(client, Map.of(), List.of(instanceId));
            if (!found.isEmpty()) {
                last = found.get(0);
                if (last.privateIpAddress() != null) {
                    return last;
                }
            }
            try {
                Thread.sleep(500L * (attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return last;
    }

    /** The instance with its shape: the type the fleet chose, spot or on-demand, and the type's vCPUs, memory, GPUs. */
    private LaunchedInstance launched(Instance instance, String name, String address) {
        String type = instance.instanceTypeAsString();
        if (type == null) {
            return new LaunchedInstance(instance.instanceId(), name, address);
        }
        InstanceTypeInfo info = catalog.describe(region, type);
        String purchase = instance.instanceLifecycle() == InstanceLifecycleType.SPOT ? InstanceShape.SPOT
                : InstanceShape.ON_DEMAND;
        return new LaunchedInstance(instance.instanceId(), name, address, new InstanceShape(type, region, purchase,
                info.vCpuInfo().defaultVCpus(), info.memoryInfo().sizeInMiB() * 1024L * 1024L,
                InstanceTypeCatalog.nvidiaGpus(info)));
    }
}
