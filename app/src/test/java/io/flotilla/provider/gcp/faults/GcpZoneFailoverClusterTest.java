package io.flotilla.provider.gcp.faults;

import com.google.cloud.compute.v1.Instance;
import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.gcp.FakeComputeEngine;
import io.flotilla.provider.gcp.GcpCallPermissions;
import io.flotilla.provider.gcp.iam.GcpGrant;
import io.flotilla.provider.gcp.iam.GcpPermissionManifest;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zone capacity and quota failures as a cluster sees them, through REST, with a registered {@code gcp} account
 * (zones europe-west4-a then -b) against {@link FakeComputeEngine}: no capacity in the first zone starts every
 * instance in the next; no capacity anywhere fails the cluster with a reason naming each zone and its error; an
 * exhausted quota fails it at once, naming the quota, without trying another zone.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpZoneFailoverClusterTest extends AppTestProperties {
    static final String PROJECT = "acme-dask-1";
    static final List<String> ZONES = List.of("europe-west4-a", "europe-west4-b");
    static final FakeComputeEngine FAKE = FakeComputeEngine.start(PROJECT, "europe-west4", ZONES);
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplianceId applianceId;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.gcp.compute-endpoint", FAKE.endpoint());
    }

    @AfterAll
    void stopFake() {
        FAKE.close();
    }

    /** What the appliance called for these clusters (launches, failovers, sweeps, stops) is granted by the custom role. */
    @AfterAll
    void everyCallWasGrantedByTheOngoingRole() {
        Set<String> ongoing = Set.copyOf(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        Set<String> onWorkerAccount = Set.copyOf(GcpPermissionManifest.permissions(GcpGrant.WORKER_SERVICE_ACCOUNT));
        Set<String> missing = new TreeSet<>();
        for (FakeComputeEngine.Call call : FAKE.calls()) {
            for (String permission : GcpCallPermissions.forCall(call.method(), call.path())) {
                if (!(ongoing.contains(permission) || onWorkerAccount.contains(permission))) {
                    missing.add(permission + " (" + call.method() + " " + call.path() + ")");
                }
            }
        }
        assertThat(FAKE.calls()).isNotEmpty();
        assertThat(missing).as("permissions the appliance's calls needed that its grants do not hold").isEmpty();
    }

    @BeforeEach
    void noFaults() {
        FAKE.clearFaults();
    }

    @Test
    void noCapacityInTheFirstZoneStartsTheClusterInTheNext() throws Exception {
        Api admin = workspaceOnGcp("roomy");
        FAKE.injectZoneExhausted("europe-west4-a");
        Map<String, Object> cluster = admin.post("/api/v1/workspaces/roomy/clusters",
                Map.of("name", "spill", "nWorkers", 2, "noClientTimeoutSeconds", 600)).json();
        String clusterId = cluster.get("id").toString();
        List<Instance> instances = awaitInstances(clusterId, 3, Duration.ofSeconds(60));
        assertThat(instances).as("scheduler and both workers started in the second zone")
                .allSatisfy(i -> assertThat(i.getZone()).endsWith("/zones/europe-west4-b"));
        assertThat(instances).filteredOn(i -> "scheduler".equals(i.getLabelsMap().get("flotilla-role"))).hasSize(1);
        assertThat(FAKE.zoneOperations("europe-west4-a")).as("the first zone was tried and refused")
                .anyMatch(op -> op.getError().getErrorsList().stream().anyMatch(e -> e.getCode().equals("ZONE_RESOURCE_POOL_EXHAUSTED")));

        admin.post("/api/v1/workspaces/roomy/clusters/spill/stop", Map.of());
        admin.awaitClusterState("roomy", "spill", "stopped", Duration.ofSeconds(60));
        awaitGone(clusterId);
    }

    @Test
    void noCapacityInAnyZoneFailsTheClusterNamingEachZoneAndItsError() throws Exception {
        Api admin = workspaceOnGcp("starved");
        ZONES.forEach(FAKE::injectZoneExhausted);
        admin.post("/api/v1/workspaces/starved/clusters", Map.of("name", "nocap", "nWorkers", 1));
        Map<String, Object> failed = admin.awaitClusterState("starved", "nocap", "failed", Duration.ofSeconds(60));
        String reason = failed.get("reason").toString();
        assertThat(reason).contains("No zone of project " + PROJECT + " had capacity");
        for (String zone : ZONES) {
            assertThat(reason).contains(zone + " (on-demand): ZONE_RESOURCE_POOL_EXHAUSTED: The zone 'projects/" + PROJECT
                    + "/zones/" + zone + "' does not have enough resources");
        }
        assertThat(eventsText(admin, "starved", "nocap")).contains("europe-west4-a (on-demand): ZONE_RESOURCE_POOL_EXHAUSTED")
                .contains("europe-west4-b (on-demand): ZONE_RESOURCE_POOL_EXHAUSTED");
        awaitGone(failed.get("id").toString());
    }

    @Test
    void anExhaustedQuotaFailsAtOnceNamingTheQuotaWithoutTryingAnotherZone() throws Exception {
        Api admin = workspaceOnGcp("capped");
        FAKE.injectQuota("CPUS", "compute.googleapis.com/cpus");
        int before = FAKE.calls().size();
        admin.post("/api/v1/workspaces/capped/clusters", Map.of("name", "quota", "nWorkers", 1));
        Map<String, Object> failed = admin.awaitClusterState("capped", "quota", "failed", Duration.ofSeconds(60));
        String reason = failed.get("reason").toString();
        assertThat(reason).contains("QUOTA_EXCEEDED").contains("compute.googleapis.com/cpus").contains("Quota 'CPUS' exceeded")
                .contains("europe-west4-a").doesNotContain("europe-west4-b");
        assertThat(FAKE.calls().subList(before, FAKE.calls().size())).as("inserts went to the first zone only")
                .filteredOn(c -> c.method().equals("POST") && c.path().endsWith("/instances")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path()).endsWith("/zones/europe-west4-a/instances"));
        awaitGone(failed.get("id").toString());
    }

    /** A workspace bound to a new gcp account of the fake's project. */
    private Api workspaceOnGcp(String workspace) {
        Api admin = new Api(client, ADMIN_TOKEN);
        Api.Reply account = admin.post("/api/v1/cloud-accounts", Map.of("name", "gcp-" + workspace, "provider", "gcp",
                "region", "europe-west4", "project", PROJECT, "zones", ZONES,
                "credentials", Map.of("mode", "attached_service_account")));
        assertThat(account.status()).as(String.valueOf(account.body())).isEqualTo(201);
        assertThat(admin.post("/api/v1/workspaces", Map.of("name", workspace)).status()).isEqualTo(201);
        Api.Reply bound = admin.put("/api/v1/workspaces/" + workspace + "/cloud-account", Map.of("account", "gcp-" + workspace));
        assertThat(bound.status()).as(String.valueOf(bound.body())).isEqualTo(200);
        return admin;
    }

    private static String eventsText(Api admin, String workspace, String cluster) {
        return String.valueOf(admin.get("/api/v1/workspaces/" + workspace + "/clusters/" + cluster + "/events").body());
    }

    private List<Instance> instancesOf(String clusterId) {
        return FAKE.instances().stream().filter(i -> clusterId.equals(i.getLabelsMap().get("flotilla-cluster"))
                && applianceId.value().equals(i.getLabelsMap().get("flotilla-appliance"))).toList();
    }

    private List<Instance> awaitInstances(String clusterId, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<Instance> found = instancesOf(clusterId);
        while (found.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            found = instancesOf(clusterId);
        }
        assertThat(found).as("instances of cluster " + clusterId).hasSize(count);
        return found;
    }

    /** Nothing of the cluster is left in the fake: no instance, no firewall rule. */
    private void awaitGone(String clusterId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && (!instancesOf(clusterId).isEmpty() || !firewallsOf(clusterId).isEmpty())) {
            Thread.sleep(200);
        }
        assertThat(instancesOf(clusterId)).as("instances left of cluster " + clusterId).isEmpty();
        assertThat(firewallsOf(clusterId)).as("firewall rules left of cluster " + clusterId).isEmpty();
    }

    private static List<String> firewallsOf(String clusterId) {
        return FAKE.firewalls().stream().map(f -> f.getName()).filter(n -> n.contains(clusterId)).toList();
    }
}
