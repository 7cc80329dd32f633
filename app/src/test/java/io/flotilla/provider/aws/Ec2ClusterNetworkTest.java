package io.flotilla.provider.aws;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.flotilla.provider.aws.Ec2Fixtures.describe;
import static io.flotilla.provider.aws.Ec2Fixtures.groups;
import static io.flotilla.provider.aws.Ec2Fixtures.request;
import static io.flotilla.provider.aws.Ec2Fixtures.tags;
import static io.flotilla.provider.aws.Ec2Fixtures.templates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cluster's security group (rules, tags, use by every instance) and its spot policy, against moto. */
class Ec2ClusterNetworkTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final String APPLIANCE = "appliance-" + UUID.randomUUID();

    final FleetRequests fleetRequests = new FleetRequests();
    final CapacityFaults faults = new CapacityFaults("InsufficientInstanceCapacity");
    Ec2Client raw;
    List<String> subnets;
    AwsProviderConfig config;

    @BeforeEach
    void setUp() {
        raw = MOTO.clients().ec2(MotoServer.REGION);
        subnets = raw.describeSubnets().subnets().stream().map(Subnet::subnetId).sorted().limit(2).toList();
        config = new AwsProviderConfig();
        config.setRegion(MotoServer.REGION);
        config.setSubnetIds(subnets);
    }

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    Ec2ComputeProvider provider(List<String> allowedCidrs) {
        AwsClients clients = MOTO.clients(RECORDER, fleetRequests, faults);
        return new Ec2ComputeProvider(config, clients, () -> APPLIANCE, new AwsAccountContext("acct", "acct",
                MotoServer.REGION, clients.defaultCredentials(), subnets, allowedCidrs, null, 30));
    }

    @Test
    void everyInstanceOfAClusterGetsItsOwnTaggedGroupOpenInsideAndToTheVpcOnTheSchedulerPorts() {
        config.setSecurityGroupIds(List.of(defaultGroup()));
        Ec2ComputeProvider provider = provider(List.of());
        String cluster = UUID.randomUUID().toString();
        provider.launch(request(APPLIANCE, cluster, InstanceRole.SCHEDULER, "scheduler", null));
        provider.launch(request(APPLIANCE, cluster, InstanceRole.WORKER, "worker-1", null));
        provider.launch(request(APPLIANCE, cluster, InstanceRole.WORKER, "worker-2", null));

        assertThat(groups(raw, cluster)).as("one group per cluster, reused by every launch").hasSize(1);
        SecurityGroup group = groups(raw, cluster).get(0);
        String vpcId = raw.describeSubnets(b -> b.subnetIds(subnets.get(0))).subnets().get(0).vpcId();
        String vpcCidr = raw.describeVpcs(b -> b.vpcIds(vpcId)).vpcs().get(0).cidrBlock();
        assertThat(group.groupName()).isEqualTo(Ec2SecurityGroups.name(cluster));
        assertThat(group.vpcId()).isEqualTo(vpcId);
        assertThat(tags(group.tags())).containsEntry(ResourceTags.APPLIANCE, APPLIANCE)
                .containsEntry(ResourceTags.WORKSPACE, "team-a").containsEntry(ResourceTags.CLUSTER, cluster)
                .doesNotContainKey(ResourceTags.ROLE);
        assertThat(insideCluster(group)).as("all traffic from the group itself").isTrue();
        assertThat(schedulerCidrs(group)).as("scheduler ports from the appliance's own network").containsExactly(vpcCidr);
        assertThat(group.ipPermissions()).as("nothing else is open").hasSize(2);

        List<String> versionGroups = templates(raw, cluster).stream().flatMap(t -> raw.describeLaunchTemplateVersions(b -> b
                        .launchTemplateId(t.launchTemplateId())).launchTemplateVersions().stream())
                .map(v -> String.join(",", v.launchTemplateData().securityGroupIds())).toList();
        assertThat(versionGroups).as("every instance's launch data: the cluster's group, then the extra ones")
                .hasSize(3).containsOnly(group.groupId() + "," + defaultGroup());
    }

    @Test
    void allowedCidrsOpenTheSchedulerPortsAndAChangeOfThemIsApplied() {
        String cluster = UUID.randomUUID().toString();
        provider(List.of("203.0.113.0/24", "2001:db8::/32"))
                .launch(request(APPLIANCE, cluster, InstanceRole.SCHEDULER, "scheduler", null));
        assertThat(schedulerCidrs(groups(raw, cluster).get(0))).containsExactlyInAnyOrder("203.0.113.0/24", "2001:db8::/32");

        provider(List.of("198.51.100.0/24")).launch(request(APPLIANCE, cluster, InstanceRole.WORKER, "worker-1", null));
        SecurityGroup group = groups(raw, cluster).get(0);
        assertThat(schedulerCidrs(group)).containsExactly("198.51.100.0/24");
        assertThat(insideCluster(group)).isTrue();
    }

    @Test
    void aWorkspacesOwnCidrsReplaceTheAccountsForItsClusters() {
        String cluster = UUID.randomUUID().toString();
        LaunchRequest plain = request(APPLIANCE, cluster, InstanceRole.SCHEDULER, "scheduler", null);
        LaunchRequest withWorkspaceCidrs = new LaunchRequest(plain.idempotencyKey(), plain.instanceName(), plain.role(),
                plain.size(), plain.tags(), plain.boot(), null, List.of("192.0.2.0/28"));
        provider(List.of("203.0.113.0/24")).launch(withWorkspaceCidrs);
        assertThat(schedulerCidrs(groups(raw, cluster).get(0))).containsExactly("192.0.2.0/28");

        String other = UUID.randomUUID().toString();
        provider(List.of("203.0.113.0/24")).launch(request(APPLIANCE, other, InstanceRole.SCHEDULER, "scheduler", null));
        assertThat(schedulerCidrs(groups(raw, other).get(0))).as("without a workspace setting: the account's")
                .containsExactly("203.0.113.0/24");
    }

    @Test
    void spotWithFallbackClusterBuysWorkersAsSpotFirstAndTheSchedulerOnDemand() {
        config.setSpotPolicy(SpotPolicy.ON_DEMAND.value());
        Ec2ComputeProvider provider = provider(List.of());
        String cluster = UUID.randomUUID().toString();

        LaunchedInstance scheduler = provider.launch(request(APPLIANCE, cluster, InstanceRole.SCHEDULER, "scheduler", "spot_with_fallback"));
        assertThat(fleetRequests.takeOptions()).containsExactly(DefaultTargetCapacityType.ON_DEMAND);
        LaunchedInstance worker = provider.launch(request(APPLIANCE, cluster, InstanceRole.WORKER, "worker-1", "spot_with_fallback"));
        assertThat(fleetRequests.takeOptions()).containsExactly(DefaultTargetCapacityType.SPOT);
        LaunchedInstance defaultWorker = provider.launch(request(APPLIANCE, UUID.randomUUID().toString(), InstanceRole.WORKER,
                "worker-1", null));
        assertThat(fleetRequests.takeOptions()).as("no policy: the appliance default").containsExactly(DefaultTargetCapacityType.ON_DEMAND);

        assertThat(describe(raw, scheduler.instanceId()).instanceLifecycleAsString()).isNull();
        assertThat(describe(raw, worker.instanceId()).instanceLifecycleAsString()).isEqualTo("spot");
        assertThat(describe(raw, defaultWorker.instanceId()).instanceLifecycleAsString()).isNull();
    }

    @Test
    void spotOnlyClusterNeverFallsBackToOnDemand() {
        config.setSpotPolicy(SpotPolicy.SPOT_WITH_FALLBACK.value());
        config.setInstanceTypes(List.of("m5.large"));
        faults.fail("m5.large");
        Ec2ComputeProvider provider = provider(List.of());
        assertThatThrownBy(() -> provider.launch(request(APPLIANCE, UUID.randomUUID().toString(), InstanceRole.WORKER,
                "worker-1", "spot")))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo("capacity_unavailable"))
                .hasMessageContaining("spot m5.large").hasMessageNotContaining("on-demand");
        assertThat(fleetRequests.takeOptions()).containsOnly(DefaultTargetCapacityType.SPOT);
    }

    @Test
    void theRequestValidatorKnowsTheSamePoliciesAsTheProvider() {
        assertThat(java.util.Arrays.stream(SpotPolicy.values()).map(SpotPolicy::value).toList())
                .containsExactlyElementsOf(io.flotilla.cluster.ClusterSpecValidator.SPOT_POLICIES);
    }

    private String defaultGroup() {
        String vpcId = raw.describeSubnets(b -> b.subnetIds(subnets.get(0))).subnets().get(0).vpcId();
        return raw.describeSecurityGroups(b -> b.filters(software.amazon.awssdk.services.ec2.model.Filter.builder()
                .name("vpc-id").values(vpcId).build(), software.amazon.awssdk.services.ec2.model.Filter.builder()
                .name("group-name").values("default").build())).securityGroups().get(0).groupId();
    }

    private static boolean insideCluster(SecurityGroup group) {
        return group.ipPermissions().stream().anyMatch(p -> "-1".equals(p.ipProtocol())
                && p.userIdGroupPairs().stream().anyMatch(pair -> group.groupId().equals(pair.groupId())));
    }

    private static List<String> schedulerCidrs(SecurityGroup group) {
        List<IpPermission> ports = group.ipPermissions().stream().filter(p -> "tcp".equals(p.ipProtocol())).toList();
        assertThat(ports).allSatisfy(p -> {
            assertThat(p.fromPort()).isEqualTo(Ec2SecurityGroups.SCHEDULER_PORT);
            assertThat(p.toPort()).isEqualTo(Ec2SecurityGroups.DASHBOARD_PORT);
        });
        return ports.stream().flatMap(p -> java.util.stream.Stream.concat(p.ipRanges().stream().map(r -> r.cidrIp()),
                p.ipv6Ranges().stream().map(r -> r.cidrIpv6()))).toList();
    }

    /** The purchase option of every CreateFleet sent, in order. */
    static final class FleetRequests implements ExecutionInterceptor {
        private final List<DefaultTargetCapacityType> options = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateFleetRequest fleet) {
                options.add(fleet.targetCapacitySpecification().defaultTargetCapacityType());
            }
        }

        List<DefaultTargetCapacityType> takeOptions() {
            List<DefaultTargetCapacityType> taken = List.copyOf(options);
            options.clear();
            return taken;
        }
    }
}
