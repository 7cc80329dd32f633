package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.Subnetwork;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.CloudMutation;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.account.AccountNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** GceNetworkSetup against the fake Compute Engine: a labelled custom-mode network and subnetwork, made once. */
class GceNetworkSetupTest {
    private FakeComputeEngine fake;
    private GcpClients clients;
    private GceNetworkSetup setup;

    @BeforeEach
    void start() {
        fake = FakeComputeEngine.start();
        clients = new GcpClients();
        setup = new GceNetworkSetup(clients, new ApplianceId(GceFixtures.APPLIANCE), GceFixtures.config());
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    private GcpAccountContext account(String network) {
        GcpAccountContext base = GceFixtures.account(fake, fake.zones());
        return new GcpAccountContext(base.key(), base.name(), base.project(), base.region(), base.zones(), base.credentials(),
                network, List.of(), base.allowedCidrs(), base.workerServiceAccount(), base.computeEndpoint());
    }

    private long mutatingCalls() {
        return fake.calls().stream().filter(c -> !c.method().equals("GET") && !c.path().endsWith("/wait")).count();
    }

    @Test
    void createsACustomModeNetworkAndOneSubnetworkWithPrivateGoogleAccessOnce() {
        CloudMutations.Recorder mutations = CloudMutations.recorder();
        AccountNetwork made = setup.ensure(account(null), null, mutations);

        assertThat(made.networkId()).isEqualTo(GceNetworkSetup.DEFAULT_NAME);
        assertThat(made.cidr()).isEqualTo(GceNetworkSetup.DEFAULT_CIDR);
        String subnetName = "flotilla-" + fake.region();
        assertThat(made.subnets()).containsExactly("regions/" + fake.region() + "/subnetworks/" + subnetName);
        assertThat(made.settings()).containsEntry(GcpAccountSettings.NETWORK, "flotilla");

        Network network = fake.networks().stream().filter(n -> n.getName().equals("flotilla")).findFirst().orElseThrow();
        assertThat(network.getAutoCreateSubnetworks()).as("custom mode").isFalse();
        assertThat(network.getDescription()).contains("flotilla-appliance=" + GceFixtures.APPLIANCE);
        Subnetwork subnetwork = fake.subnetworks().get(0);
        assertThat(fake.subnetworks()).hasSize(1);
        assertThat(subnetwork.getName()).isEqualTo(subnetName);
        assertThat(subnetwork.getRegion()).endsWith("/regions/" + fake.region());
        assertThat(subnetwork.getNetwork()).endsWith("/global/networks/flotilla");
        assertThat(subnetwork.getPrivateIpGoogleAccess()).isTrue();
        assertThat(subnetwork.getIpCidrRange()).isEqualTo(GceNetworkSetup.DEFAULT_CIDR);
        assertThat(subnetwork.getDescription()).contains("flotilla-appliance=" + GceFixtures.APPLIANCE);
        assertThat(mutations.reported()).extracting(CloudMutation::resourceType).containsExactly("network", "subnetwork");
        assertThat(mutations.reported()).extracting(CloudMutation::resourceIds)
                .containsExactly(List.of("flotilla"), List.of(subnetName));

        long mutating = mutatingCalls();
        CloudMutations.Recorder again = CloudMutations.recorder();
        AccountNetwork found = setup.ensure(account("flotilla"), "10.99.0.0/24", again);
        assertThat(found).as("found again; the existing subnetwork keeps its range").isEqualTo(made);
        assertThat(again.reported()).as("nothing changed, nothing reported").isEmpty();
        assertThat(mutatingCalls()).as("no insert the second time").isEqualTo(mutating);
        assertThat(fake.networks()).hasSize(1);
        assertThat(fake.subnetworks()).hasSize(1);
    }

    @Test
    void usesTheAccountsNetworkNameAndTheGivenRange() {
        AccountNetwork made = setup.ensure(account("global/networks/analytics"), "172.20.16.0/22", CloudMutations.UNRECORDED);
        assertThat(made.networkId()).isEqualTo("analytics");
        assertThat(made.cidr()).isEqualTo("172.20.16.0/22");
        assertThat(fake.subnetworks()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("analytics-" + fake.region());
            assertThat(s.getIpCidrRange()).isEqualTo("172.20.16.0/22");
        });
    }

    @Test
    void refusesANetworkOfThatNameThatIsNotTheAppliances() {
        fake.putNetwork(Network.newBuilder().setName("shared").setAutoCreateSubnetworks(false)
                .setDescription("the data team's network").build());
        ServiceException refused = catchThrowableOfType(() -> setup.ensure(account("shared"), null, CloudMutations.UNRECORDED),
                ServiceException.class);
        assertThat(refused.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("shared", fake.project());
        assertThat(fake.subnetworks()).as("nothing made in someone else's network").isEmpty();

        fake.putNetwork(Network.newBuilder().setName("other").setAutoCreateSubnetworks(false)
                .setDescription("Flotilla network; flotilla-appliance=another-appliance").build());
        assertThatThrownBy(() -> setup.ensure(account("other"), null, CloudMutations.UNRECORDED))
                .as("another appliance's network is not this one's").isInstanceOf(ServiceException.class);
    }

    @Test
    void refusesUnusableRangesBeforeAnyCall() {
        for (String bad : List.of("10.64.0.0", "300.1.0.0/16", "10.64.0.0/30", "10.0.0.0/7", "10.64.0.1/20",
                "8.8.8.0/24", "fd00::/64")) {
            assertThatThrownBy(() -> setup.ensure(account(null), bad, CloudMutations.UNRECORDED)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(fake.calls()).as("no call for a bad range").isEmpty();
        assertThat(setup.ensure(account(null), " 192.168.8.0/24 ", CloudMutations.UNRECORDED).cidr()).isEqualTo("192.168.8.0/24");
    }

    @Test
    void aFailedOperationIsReportedNotIgnored() {
        fake.injectApiDisabled(true);
        ServiceException failed = catchThrowableOfType(() -> setup.ensure(account(null), null, CloudMutations.UNRECORDED),
                ServiceException.class);
        assertThat(failed).isNotNull();
        assertThat(failed.getMessage()).containsIgnoringCase("compute engine api");
        assertThat(fake.networks()).isEmpty();
    }
}
