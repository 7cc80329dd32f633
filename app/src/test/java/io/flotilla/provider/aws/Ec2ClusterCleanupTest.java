package io.flotilla.provider.aws;

import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.flotilla.provider.aws.Ec2Fixtures.fleets;
import static io.flotilla.provider.aws.Ec2Fixtures.groups;
import static io.flotilla.provider.aws.Ec2Fixtures.request;
import static io.flotilla.provider.aws.Ec2Fixtures.running;
import static io.flotilla.provider.aws.Ec2Fixtures.templates;
import static org.assertj.core.api.Assertions.assertThat;

/** Stopping a cluster leaves none of its EC2 resources and touches nothing else, against moto. */
class Ec2ClusterCleanupTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final String APPLIANCE = "appliance-" + UUID.randomUUID();

    final DependencyViolations violations = new DependencyViolations();
    Ec2Client raw;
    AwsProviderConfig config;

    @BeforeEach
    void setUp() {
        raw = MOTO.clients().ec2(MotoServer.REGION);
        config = new AwsProviderConfig();
        config.setRegion(MotoServer.REGION);
        config.setSubnetIds(raw.describeSubnets().subnets().stream().map(Subnet::subnetId).sorted().limit(2).toList());
        config.setSpotPolicy(SpotPolicy.SPOT_WITH_FALLBACK.value());
    }

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    Ec2ComputeProvider provider() {
        AwsClients clients = MOTO.clients(RECORDER, violations);
        return new Ec2ComputeProvider(config, clients, () -> APPLIANCE, AwsAccountContext.fromConfig(config, clients.defaultCredentials()));
    }

    @Test
    void terminatingEveryInstanceRemovesTheClustersTemplatesGroupAndFleetsOnly() {
        Ec2ComputeProvider provider = provider();
        String stopped = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        List<LaunchedInstance> instances = List.of(
                provider.launch(request(APPLIANCE, stopped, InstanceRole.SCHEDULER, "scheduler", null)),
                provider.launch(request(APPLIANCE, stopped, InstanceRole.WORKER, "worker-1", null)),
                provider.launch(request(APPLIANCE, stopped, InstanceRole.WORKER, "worker-2", null)));
        provider.launch(request(APPLIANCE, other, InstanceRole.SCHEDULER, "scheduler", null));
        provider.launch(request(APPLIANCE, other, InstanceRole.WORKER, "worker-1", null));
        Leftovers foreign = foreignResources(stopped);
        assertThat(fleets(raw, stopped)).as("one fleet record per launch").hasSize(3);
        assertThat(groups(raw, stopped)).hasSize(2);

        provider.terminate(List.of(instances.get(1).instanceId()));
        assertThat(groups(raw, stopped)).as("kept while instances live").hasSize(2);
        assertThat(fleets(raw, stopped)).as("the finished worker's fleet record stays until the cluster is gone").hasSize(3);

        provider.terminate(instances.stream().map(LaunchedInstance::instanceId).toList());
        assertThat(running(raw, stopped)).isEmpty();
        assertThat(templates(raw, stopped)).extracting(t -> t.launchTemplateId()).containsExactlyInAnyOrderElementsOf(foreign.templates());
        assertThat(groups(raw, stopped)).extracting(g -> g.groupId()).containsExactly(foreign.group());
        assertThat(fleets(raw, stopped)).isEmpty();
        assertThat(raw.describeSecurityGroups(b -> b.groupIds(foreign.untaggedGroup())).securityGroups()).hasSize(1);

        assertThat(running(raw, other)).hasSize(2);
        assertThat(templates(raw, other)).hasSize(2);
        assertThat(groups(raw, other)).hasSize(1);
        assertThat(fleets(raw, other)).hasSize(2);
        assertThat(provider.clustersWithResources(Map.of())).containsExactly(other);
    }

    @Test
    void aGroupStillInUseIsLeftForALaterReleaseAndNothingFails() {
        Ec2ComputeProvider provider = provider();
        String cluster = UUID.randomUUID().toString();
        LaunchedInstance scheduler = provider.launch(request(APPLIANCE, cluster, InstanceRole.SCHEDULER, "scheduler", null));

        violations.refuseDeletes(true);
        provider.terminate(List.of(scheduler.instanceId()));
        assertThat(groups(raw, cluster)).as("EC2 still sees the interface: kept").hasSize(1);
        assertThat(templates(raw, cluster)).isEmpty();
        assertThat(provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, APPLIANCE))).containsExactly(cluster);

        violations.refuseDeletes(false);
        provider.releaseClusterResources(cluster);
        assertThat(groups(raw, cluster)).isEmpty();
        assertThat(provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, APPLIANCE))).isEmpty();
    }

    @Test
    void releasingAClusterWithALiveInstanceKeepsWhatItUses() {
        Ec2ComputeProvider provider = provider();
        String cluster = UUID.randomUUID().toString();
        provider.launch(request(APPLIANCE, cluster, InstanceRole.SCHEDULER, "scheduler", null));
        provider.releaseClusterResources(cluster);
        assertThat(groups(raw, cluster)).hasSize(1);
        assertThat(templates(raw, cluster)).hasSize(1);
        assertThat(fleets(raw, cluster)).hasSize(1);
        assertThat(running(raw, cluster)).hasSize(1);
    }

    /** Resources with the cluster's tag but another appliance's, and an untagged group: never touched. */
    private Leftovers foreignResources(String cluster) {
        String vpcId = raw.describeSubnets(b -> b.subnetIds(config.getSubnetIds().get(0))).subnets().get(0).vpcId();
        List<Tag> foreignTags = List.of(Tag.builder().key(ResourceTags.APPLIANCE).value("another-appliance").build(),
                Tag.builder().key(ResourceTags.CLUSTER).value(cluster).build());
        String group = raw.createSecurityGroup(b -> b.groupName("someone-elses").description("foreign").vpcId(vpcId)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP).tags(foreignTags).build()))
                .groupId();
        String untagged = raw.createSecurityGroup(b -> b.groupName("flotilla-untagged").description("untagged").vpcId(vpcId)).groupId();
        String image = raw.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        String template = raw.createLaunchTemplate(b -> b.launchTemplateName("foreign-" + cluster)
                .launchTemplateData(d -> d.imageId(image))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE).tags(foreignTags).build()))
                .launchTemplate().launchTemplateId();
        return new Leftovers(group, untagged, List.of(template));
    }

    private record Leftovers(String group, String untaggedGroup, List<String> templates) {
    }
}
