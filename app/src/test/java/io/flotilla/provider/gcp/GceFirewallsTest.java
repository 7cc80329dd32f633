package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.Allowed;
import com.google.cloud.compute.v1.Firewall;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Per-cluster firewall rules: what they allow, when they go, and that Flotilla leaves others' rules alone. */
class GceFirewallsTest {
    private static final String CLUSTER = "fe11fe11-0000-4000-8000-000000000001";
    private FakeComputeEngine fake;
    private GcpClients clients;
    private GceComputeProvider provider;

    @BeforeEach
    void start() {
        fake = FakeComputeEngine.start();
        clients = new GcpClients();
        provider = GceFixtures.provider(fake, clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    private Firewall rule(String suffix) {
        return fake.firewalls().stream().filter(f -> f.getName().equals(GceFirewalls.ruleName(CLUSTER, suffix)))
                .findFirst().orElseThrow();
    }

    @Test
    void schedulerPortsFromTheAllowedCidrsOnlyAndEverythingInsideTheCluster() {
        LaunchedInstance scheduler = provider.launch(GceFixtures.scheduler(CLUSTER));
        String tag = GceFirewalls.networkTag(CLUSTER);
        assertThat(tag).isEqualTo("flotilla-" + CLUSTER);

        Firewall schedulerRule = rule("scheduler");
        assertThat(schedulerRule.getSourceRangesList()).containsExactlyElementsOf(GceFixtures.CIDRS);
        assertThat(schedulerRule.getTargetTagsList()).containsExactly(tag);
        assertThat(schedulerRule.getAllowedList()).extracting(Allowed::getIPProtocol).containsExactly("tcp");
        assertThat(schedulerRule.getAllowed(0).getPortsList()).containsExactly("8786-8787");
        assertThat(schedulerRule.getNetwork()).endsWith("/global/networks/default");
        assertThat(schedulerRule.getDescription()).contains("flotilla-appliance=" + GceFixtures.APPLIANCE);

        Firewall internal = rule("internal");
        assertThat(internal.getSourceTagsList()).containsExactly(tag);
        assertThat(internal.getTargetTagsList()).containsExactly(tag);
        assertThat(internal.getSourceRangesList()).isEmpty();
        assertThat(internal.getAllowed(0).getIPProtocol()).isEqualTo("all");
        assertThat(fake.instances().get(0).getTags().getItemsList()).containsExactly(tag);

        assertThat(provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, GceFixtures.APPLIANCE))).containsExactly(CLUSTER);
        provider.releaseClusterResources(CLUSTER);
        assertThat(fake.firewalls()).as("kept while an instance lives").hasSize(2);

        provider.terminate(List.of(scheduler.instanceId()));
        assertThat(fake.firewalls()).isEmpty();
        assertThat(provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, GceFixtures.APPLIANCE))).isEmpty();
    }

    @Test
    void theWorkspaceCidrsReplaceTheAccountOnes() {
        provider.launch(new io.flotilla.provider.LaunchRequest(CLUSTER + "/scheduler", "scheduler",
                io.flotilla.provider.InstanceRole.SCHEDULER, new io.flotilla.provider.InstanceSize(2, 4L << 30),
                GceFixtures.tags(CLUSTER), new io.flotilla.provider.AgentBoot("https://a.example", GceFixtures.TOKEN),
                null, List.of("192.0.2.0/24")));
        assertThat(rule("scheduler").getSourceRangesList()).containsExactly("192.0.2.0/24");

        io.flotilla.provider.CloudMutations.Recorder mutations = io.flotilla.provider.CloudMutations.recorder();
        provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null), mutations);
        assertThat(rule("scheduler").getSourceRangesList()).as("back to the account's").containsExactlyElementsOf(GceFixtures.CIDRS);
        assertThat(rule("scheduler").getTargetTagsList()).containsExactly(GceFirewalls.networkTag(CLUSTER));
        assertThat(mutations.reported()).extracting(io.flotilla.provider.CloudMutation::action)
                .containsExactly("firewall.update", "instance.create");
    }

    @Test
    void aRuleWithoutFlotillasOwnershipIsNeitherTakenNorDeleted() {
        Firewall foreign = Firewall.newBuilder().setName(GceFirewalls.ruleName(CLUSTER, "internal"))
                .setNetwork("https://www.googleapis.com/compute/v1/projects/flotilla-test/global/networks/default")
                .setDescription("someone else's rule").addSourceRanges("0.0.0.0/0")
                .addAllowed(Allowed.newBuilder().setIPProtocol("all")).build();
        fake.putFirewall(foreign);

        ServiceException e = catchThrowableOfType(ServiceException.class, () -> provider.launch(GceFixtures.scheduler(CLUSTER)));
        assertThat(e.code()).isEqualTo("gcp_firewall_not_owned");
        assertThat(fake.instances()).isEmpty();

        provider.releaseClusterResources(CLUSTER);
        assertThat(fake.firewalls()).extracting(Firewall::getName).containsExactly(foreign.getName());
        assertThat(provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, GceFixtures.APPLIANCE))).isEmpty();
    }
}
