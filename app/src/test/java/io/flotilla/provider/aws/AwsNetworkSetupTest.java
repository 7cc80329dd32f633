package io.flotilla.provider.aws;

import io.flotilla.provider.CloudMutation;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.flotilla.provider.aws.Ec2Fixtures.tag;
import static io.flotilla.provider.aws.Ec2Fixtures.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Network setup against moto: every piece created and tagged, and a second run changes nothing. */
class AwsNetworkSetupTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final String APPLIANCE = "appliance-" + UUID.randomUUID();

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    @Test
    void createsATaggedPublicNetworkWithASubnetPerZoneOnceAndReusesIt() {
        Ec2Client raw = MOTO.clients().ec2(MotoServer.REGION);
        AwsClients clients = MOTO.clients(RECORDER);
        AwsAccountContext account = new AwsAccountContext("acct", "acct", MotoServer.REGION, clients.defaultCredentials(),
                List.of(), List.of(), null, 30);
        AwsNetworkSetup setup = new AwsNetworkSetup(clients, () -> APPLIANCE);
        int vpcsBefore = raw.describeVpcs().vpcs().size();

        CloudMutations.Recorder created = CloudMutations.recorder();
        AwsNetworkSetup.Network network = setup.ensure(account, null, created);

        List<String> zones = raw.describeAvailabilityZones().availabilityZones().stream().map(AvailabilityZone::zoneName)
                .sorted().toList();
        assertThat(network.cidr()).isEqualTo(AwsNetworkSetup.DEFAULT_CIDR);
        Vpc vpc = raw.describeVpcs(b -> b.vpcIds(network.vpcId())).vpcs().get(0);
        assertOwned(vpc.tags());
        assertThat(vpc.cidrBlock()).isEqualTo("10.64.0.0/16");

        List<Subnet> subnets = raw.describeSubnets(b -> b.subnetIds(network.subnetIds())).subnets();
        assertThat(subnets).hasSize(zones.size());
        assertThat(subnets).extracting(Subnet::availabilityZone).containsExactlyInAnyOrderElementsOf(zones);
        assertThat(subnets).allSatisfy(subnet -> {
            assertOwned(subnet.tags());
            assertThat(subnet.vpcId()).isEqualTo(network.vpcId());
            assertThat(subnet.cidrBlock()).endsWith("/20").startsWith("10.64.");
            assertThat(subnet.mapPublicIpOnLaunch()).isTrue();
        });
        assertThat(subnets).extracting(Subnet::cidrBlock).doesNotHaveDuplicates();

        List<InternetGateway> gateways = raw.describeInternetGateways(b -> b.filters(tag(ResourceTags.APPLIANCE, APPLIANCE)))
                .internetGateways();
        assertThat(gateways).singleElement().satisfies(gateway -> {
            assertOwned(gateway.tags());
            assertThat(gateway.attachments()).singleElement().satisfies(a -> assertThat(a.vpcId()).isEqualTo(network.vpcId()));
        });
        List<RouteTable> tables = raw.describeRouteTables(b -> b.filters(tag(ResourceTags.APPLIANCE, APPLIANCE))).routeTables();
        assertThat(tables).singleElement().satisfies(table -> {
            assertOwned(table.tags());
            assertThat(table.routes()).anySatisfy(route -> {
                assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
                assertThat(route.gatewayId()).isEqualTo(gateways.get(0).internetGatewayId());
            });
            assertThat(table.associations()).extracting(a -> a.subnetId()).containsExactlyInAnyOrderElementsOf(network.subnetIds());
        });

        assertThat(created.reported()).as("every piece created is reported with its id").extracting(CloudMutation::action)
                .startsWith("vpc.create", "internet_gateway.create", "internet_gateway.attach", "route_table.create",
                        "route_table.create_route").contains("subnet.create", "subnet.modify", "route_table.associate");
        assertThat(created.reported()).filteredOn(m -> m.action().equals("subnet.create")).hasSize(zones.size())
                .flatExtracting(CloudMutation::resourceIds).containsExactlyInAnyOrderElementsOf(network.subnetIds());
        assertThat(created.reported().get(0).resourceIds()).containsExactly(network.vpcId());

        CloudMutations.Recorder reused = CloudMutations.recorder();
        AwsNetworkSetup.Network again = setup.ensure(account, "10.99.0.0/16", reused);
        assertThat(reused.reported()).as("nothing changed, nothing reported").isEmpty();
        assertThat(again).as("found by its tags: same VPC and subnets, the new range ignored").isEqualTo(network);
        assertThat(raw.describeVpcs().vpcs()).hasSize(vpcsBefore + 1);
        assertThat(raw.describeInternetGateways(b -> b.filters(tag(ResourceTags.APPLIANCE, APPLIANCE))).internetGateways()).hasSize(1);
        assertThat(raw.describeRouteTables(b -> b.filters(tag(ResourceTags.APPLIANCE, APPLIANCE))).routeTables()).hasSize(1);
        assertThat(raw.describeRouteTables(b -> b.filters(tag(ResourceTags.APPLIANCE, APPLIANCE))).routeTables().get(0)
                .routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))).hasSize(1);

        AwsNetworkSetup other = new AwsNetworkSetup(clients, () -> "another-appliance");
        assertThat(other.ensure(account, "10.65.0.0/16", CloudMutations.UNRECORDED).vpcId()).as("another appliance gets its own").isNotEqualTo(network.vpcId());
    }

    @Test
    void aRangeTooSmallOrMalformedIsRefusedBeforeAnythingIsCreated() {
        Ec2Client raw = MOTO.clients().ec2(MotoServer.REGION);
        AwsClients clients = MOTO.clients(RECORDER);
        AwsAccountContext account = new AwsAccountContext("acct", "acct", MotoServer.REGION, clients.defaultCredentials(),
                List.of(), List.of(), null, 30);
        AwsNetworkSetup setup = new AwsNetworkSetup(clients, () -> APPLIANCE);
        int vpcsBefore = raw.describeVpcs().vpcs().size();
        assertThatThrownBy(() -> setup.ensure(account, "10.64.0.0/22", CloudMutations.UNRECORDED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot hold");
        assertThatThrownBy(() -> setup.ensure(account, "10.64.1.0/16", CloudMutations.UNRECORDED)).hasMessageContaining("did you mean 10.64.0.0/16");
        assertThatThrownBy(() -> setup.ensure(account, "ten/16", CloudMutations.UNRECORDED)).hasMessageContaining("not an IPv4 range");
        assertThat(raw.describeVpcs().vpcs()).hasSize(vpcsBefore);
    }

    @Test
    void subnetsSplitTheRange() {
        Ipv4Cidr range = Ipv4Cidr.parse("10.64.0.0/16");
        assertThat(range.subnet(0, 20)).hasToString("10.64.0.0/20");
        assertThat(range.subnet(5, 20)).hasToString("10.64.80.0/20");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.64.0.0/18").checkRoomFor(6, 20)).hasMessageContaining("between /16 and /17");
        assertThatThrownBy(() -> range.checkRoomFor(17, 20)).hasMessageContaining("more zones than");
    }

    private static void assertOwned(List<Tag> tags) {
        Map<String, String> map = tags(tags);
        assertThat(map).containsEntry(ResourceTags.APPLIANCE, APPLIANCE).containsEntry("Name", "flotilla");
    }
}
