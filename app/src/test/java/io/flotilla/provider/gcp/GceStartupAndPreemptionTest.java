package io.flotilla.provider.gcp;

import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an instance's metadata holds (the startup script and nothing secret but the token), and preemption. */
class GceStartupAndPreemptionTest {
    private static final String CLUSTER = "5ba75ba7-0000-4000-8000-000000000001";
    private static final String FINGERPRINT = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    private static final String PIN = "sha256//" + "A".repeat(43) + "=";
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

    private static String name(LaunchedInstance launched) {
        return launched.instanceId().substring(launched.instanceId().indexOf('/') + 1);
    }

    @Test
    void theStartupScriptCarriesTheTokenAndNoOtherSecret() {
        LaunchedInstance worker = provider.launch(new LaunchRequest(CLUSTER + "/worker-1", "worker-1", InstanceRole.WORKER,
                new InstanceSize(2, 4L << 30), GceFixtures.tags(CLUSTER),
                new AgentBoot("https://appliance.example:8443", GceFixtures.TOKEN, FINGERPRINT, PIN), null));
        Map<String, String> metadata = fake.metadata(name(worker));
        assertThat(metadata).containsOnlyKeys(GceStartupScript.METADATA_KEY);
        String script = metadata.get(GceStartupScript.METADATA_KEY);
        assertThat(script.getBytes(StandardCharsets.UTF_8).length).isLessThan(16 * 1024).isLessThan(GceStartupScript.MAX_BYTES);
        assertThat(script).contains("FLOTILLA_AGENT_URL=https://appliance.example:8443", "FLOTILLA_AGENT_TOKEN=" + GceFixtures.TOKEN,
                "FLOTILLA_AGENT_FINGERPRINT=" + FINGERPRINT, "--pinnedpubkey", "/api/v1/agent/install.sh");
        assertThat(script.split(GceFixtures.TOKEN, -1)).as("the token once, in the root-only env file").hasSize(2);
        assertThat(script).doesNotContainIgnoringCase("PRIVATE KEY").doesNotContainIgnoringCase("password")
                .doesNotContainIgnoringCase("secret").doesNotContain("ya29.").doesNotContain("private_key");
    }

    @Test
    void aBakedImageOnlyStartsTheUnit() {
        assertThat(GceStartupScript.of(new AgentBoot("https://a.example", GceFixtures.TOKEN), true))
                .contains("systemctl start --no-block flotilla-agent.service").doesNotContain("install.sh");
    }

    @Test
    void valuesThatCouldBreakOutOfTheScriptAreRefused() {
        assertThatThrownBy(() -> GceStartupScript.of(new AgentBoot("https://a.example/'$(reboot)'", GceFixtures.TOKEN), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GceStartupScript.of(new AgentBoot("https://a.example", "tok\nEOF"), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPreemptedSpotWorkerIsGoneAndReportedAsPreempted() {
        LaunchedInstance spot = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", "spot"));
        LaunchedInstance onDemand = provider.launch(GceFixtures.worker(CLUSTER, "worker-2", "on-demand"));
        assertThatThrownBy(() -> fake.preempt(name(onDemand))).isInstanceOf(IllegalStateException.class);

        fake.preempt(name(spot));

        List<ObservedInstance> observed = provider.list(Map.of(ResourceTags.CLUSTER, CLUSTER));
        assertThat(observed).extracting(ObservedInstance::instanceId).containsExactly(onDemand.instanceId());
        assertThat(provider.preempted(List.of(spot.instanceId(), onDemand.instanceId()))).containsExactly(spot.instanceId());
        assertThat(fake.calls()).anyMatch(c -> c.path().endsWith("/zones/europe-west1-b/operations")
                && c.query().contains("compute.instances.preempted"));
    }
}
