package io.flotilla.provider.aws;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ResourceTags;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Creates a network for an account that names no subnets: a VPC, an attached internet gateway, a route table
 * with the default route to it, and one public subnet (/20, public address on launch) per availability zone,
 * all tagged with this appliance's tag and {@code Name=flotilla}. Idempotent and resumable: it first finds
 * this appliance's tagged VPC and completes whatever part is missing; each piece it creates or changes is reported
 * to the call's {@link CloudMutations}. Its actions belong to the setup policy.
 */
@Singleton
public class AwsNetworkSetup {
    /** The VPC's address range when none is given. */
    public static final String DEFAULT_CIDR = "10.64.0.0/16";
    /** The value of the {@code Name} tag of every piece. */
    public static final String NAME = "flotilla";
    private static final int SUBNET_PREFIX = 20;
    private final AwsClients clients;
    private final Supplier<String> applianceId;

    @Inject
    public AwsNetworkSetup(AwsClients clients, ApplianceId applianceId) {
        this(clients, (Supplier<String>) applianceId::value);
    }

    /** @param applianceId the value of this appliance's ownership tag */
    public AwsNetworkSetup(AwsClients clients, Supplier<String> applianceId) {
        this.clients = clients;
        this.applianceId = applianceId;
    }

    /** The network: its VPC, address range and subnets (one per zone, ordered by zone). */
    public record Network(String vpcId, String cidr, List<String> subnetIds) {
        public Network {
            subnetIds = List.copyOf(subnetIds);
        }
    }

    /**
     * Finds or creates the network of this appliance in the account's region.
     *
     * @param cidr the VPC's IPv4 range for a new VPC (null: {@value #DEFAULT_CIDR}); an existing VPC keeps its own
     * @throws IllegalArgumentException when the range is malformed or too small for a /20 per zone
     */
    public Network ensure(AwsAccountContext account, @Nullable String cidr, CloudMutations mutations) {
        Ec2Client ec2 = clients.ec2(Objects.requireNonNull(account.region(), "the AWS account has no region"),
                account.credentials());
        List<String> zones = zones(ec2);
        Vpc vpc = findVpc(ec2);
        Ipv4Cidr range = Ipv4Cidr.parse(vpc == null ? (cidr == null || cidr.isBlank() ? DEFAULT_CIDR : cidr.trim()) : vpc.cidrBlock());
        range.checkRoomFor(zones.size(), SUBNET_PREFIX);
        if (vpc == null) {
            vpc = ec2.createVpc(b -> b.cidrBlock(range.toString()).tagSpecifications(tags(ResourceType.VPC))).vpc();
            mutations.report("vpc", "create", range.toString(), vpc.vpcId());
        }
        String vpcId = vpc.vpcId();
        String gatewayId = ensureGateway(ec2, vpcId, mutations);
        String routeTableId = ensureRouteTable(ec2, vpcId, gatewayId, mutations);
        List<Subnet> existing = find(ec2, vpcId);
        List<String> subnetIds = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i);
            Subnet subnet = existing.stream().filter(s -> zone.equals(s.availabilityZone())).findFirst().orElse(null);
            if (subnet == null) {
                String block = range.subnet(i, SUBNET_PREFIX).toString();
                subnet = ec2.createSubnet(b -> b.vpcId(vpcId).availabilityZone(zone).cidrBlock(block)
                        .tagSpecifications(tags(ResourceType.SUBNET))).subnet();
                mutations.report("subnet", "create", block + " in " + zone, subnet.subnetId());
            }
            String subnetId = subnet.subnetId();
            if (!Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch())) {
                ec2.modifySubnetAttribute(b -> b.subnetId(subnetId).mapPublicIpOnLaunch(v -> v.value(true)));
                mutations.report("subnet", "modify", "public address on launch", subnetId);
            }
            subnetIds.add(subnetId);
        }
        associate(ec2, routeTableId, subnetIds, mutations);
        return new Network(vpcId, vpc.cidrBlock(), subnetIds);
    }

    private Vpc findVpc(Ec2Client ec2) {
        return ec2.describeVpcs(b -> b.filters(ownerFilters())).vpcs().stream()
                .min(Comparator.comparing(Vpc::vpcId)).orElse(null);
    }

    private String ensureGateway(Ec2Client ec2, String vpcId, CloudMutations mutations) {
        List<InternetGateway> attached = ec2.describeInternetGateways(b -> b.filters(
                Filter.builder().name("attachment.vpc-id").values(vpcId).build())).internetGateways();
        if (!attached.isEmpty()) {
            return attached.get(0).internetGatewayId();
        }
        InternetGateway gateway = ec2.describeInternetGateways(b -> b.filters(ownerFilters())).internetGateways().stream()
                .filter(g -> g.attachments().isEmpty()).findFirst()
                .orElseGet(() -> {
                    InternetGateway created = ec2.createInternetGateway(b -> b.tagSpecifications(
                            tags(ResourceType.INTERNET_GATEWAY))).internetGateway();
                    mutations.report("internet_gateway", "create", null, created.internetGatewayId());
                    return created;
                });
        ec2.attachInternetGateway(b -> b.internetGatewayId(gateway.internetGatewayId()).vpcId(vpcId));
        mutations.report("internet_gateway", "attach", "to " + vpcId, List.of(gateway.internetGatewayId(), vpcId));
        return gateway.internetGatewayId();
    }

    private String ensureRouteTable(Ec2Client ec2, String vpcId, String gatewayId, CloudMutations mutations) {
        List<Filter> filters = new ArrayList<>(ownerFilters());
        filters.add(Filter.builder().name("vpc-id").values(vpcId).build());
        RouteTable table = ec2.describeRouteTables(b -> b.filters(filters)).routeTables().stream().findFirst()
                .orElseGet(() -> {
                    RouteTable created = ec2.createRouteTable(b -> b.vpcId(vpcId).tagSpecifications(
                            tags(ResourceType.ROUTE_TABLE))).routeTable();
                    mutations.report("route_table", "create", "in " + vpcId, created.routeTableId());
                    return created;
                });
        boolean routed = table.routes().stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
                && gatewayId.equals(r.gatewayId()));
        if (!routed) {
            ec2.createRoute(b -> b.routeTableId(table.routeTableId()).destinationCidrBlock("0.0.0.0/0").gatewayId(gatewayId));
            mutations.report("route_table", "create_route", "0.0.0.0/0 via " + gatewayId, List.of(table.routeTableId(), gatewayId));
        }
        return table.routeTableId();
    }

    private static void associate(Ec2Client ec2, String routeTableId, List<String> subnetIds, CloudMutations mutations) {
        RouteTable table = ec2.describeRouteTables(b -> b.routeTableIds(routeTableId)).routeTables().get(0);
        List<String> associated = table.associations().stream().map(a -> a.subnetId()).filter(Objects::nonNull).toList();
        subnetIds.stream().filter(s -> !associated.contains(s))
                .forEach(s -> {
                    ec2.associateRouteTable(b -> b.routeTableId(routeTableId).subnetId(s));
                    mutations.report("route_table", "associate", "with " + s, List.of(routeTableId, s));
                });
    }

    private List<Subnet> find(Ec2Client ec2, String vpcId) {
        List<Filter> filters = new ArrayList<>(ownerFilters());
        filters.add(Filter.builder().name("vpc-id").values(vpcId).build());
        return ec2.describeSubnets(b -> b.filters(filters)).subnets();
    }

    /** The region's availability zones (no local or wavelength zones), sorted by name. */
    private static List<String> zones(Ec2Client ec2) {
        return ec2.describeAvailabilityZones(b -> b.filters(Filter.builder().name("state").values("available").build()))
                .availabilityZones().stream()
                .filter(z -> z.zoneType() == null || "availability-zone".equals(z.zoneType()))
                .map(AvailabilityZone::zoneName).sorted().toList();
    }

    private List<Filter> ownerFilters() {
        return List.of(Filter.builder().name("tag:" + ResourceTags.APPLIANCE).values(applianceId.get()).build(),
                Filter.builder().name("tag:Name").values(NAME).build());
    }

    private TagSpecification tags(ResourceType type) {
        return TagSpecification.builder().resourceType(type)
                .tags(Ec2LaunchTemplates.tags(Map.of(ResourceTags.APPLIANCE, applianceId.get(), "Name", NAME))).build();
    }
}
