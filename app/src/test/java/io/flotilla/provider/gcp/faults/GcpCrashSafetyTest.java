package io.flotilla.provider.gcp.faults;

import com.google.cloud.compute.v1.Instance;
import io.flotilla.provider.gcp.FakeComputeEngine;
import io.flotilla.testing.ApplianceProcess;
import io.flotilla.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the appliance after Compute Engine accepted an instance insert but before the instance was checkpointed
 * ({@link GcpCrashInjector}), with a registered {@code gcp} account against {@link FakeComputeEngine} in this JVM:
 * after a restart on the same database every launch has exactly one instance (the launch finds its VM again by the
 * name derived from its idempotency key), every instance of the appliance belongs to a row, and once the cluster is
 * stopped no instance or firewall rule of it is left. The VMs do not boot (no scheduler connects), so the cluster
 * never runs; the assertions are about Compute Engine's side.
 */
class GcpCrashSafetyTest {
    private static final String TOKEN = "flt_gcp-crash-test-admin-token-0123456789";
    private static final String PROJECT = "acme-dask-1";
    private static final String INSERT = "google.cloud.compute.v1.Instances/Insert";

    @Test
    void crashAfterTheInsertWasAcceptedBeforeTheCheckpointLeavesNoDuplicateAndNoOrphan(@TempDir Path dataDir) throws Exception {
        try (FakeComputeEngine fake = FakeComputeEngine.start(PROJECT, "europe-west4", List.of("europe-west4-a", "europe-west4-b"))) {
            String db = TestDatabase.newDatabase();
            String port = Integer.toString(ApplianceProcess.freePort());
            Path out = dataDir.resolve("appliance.out");
            try (ApplianceProcess first = ApplianceProcess.startNoWait(env(dataDir, db, port, fake, INSERT), out)) {
                first.awaitHealthy();
                HttpResponse<String> account = first.send("POST", "/api/v1/cloud-accounts", TOKEN, """
                        {"name":"gcp","provider":"gcp","region":"europe-west4","project":"%s",
                         "zones":["europe-west4-a","europe-west4-b"],"credentials":{"mode":"attached_service_account"}}"""
                        .formatted(PROJECT));
                assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
                assertThat(first.send("PUT", "/api/v1/workspaces/default/cloud-account", TOKEN, "{\"account\":\"gcp\"}").statusCode())
                        .isEqualTo(200);
                assertThat(first.send("POST", "/api/v1/workspaces/default/clusters", TOKEN,
                        "{\"name\":\"crashy\",\"nWorkers\":1,\"noClientTimeoutSeconds\":600}").statusCode()).isEqualTo(201);
                assertThat(first.awaitExit(Duration.ofSeconds(120))).as("the appliance died after an insert: " + tail(out))
                        .isEqualTo(137);
            }
            assertThat(Files.readString(out)).as("the halt came right after the insert was answered")
                    .contains("CRASH-INJECTED after " + INSERT + " returned");
            String applianceId = applianceId(db);
            List<Instance> beforeRestart = instances(fake, applianceId);
            assertThat(beforeRestart).as("Compute Engine had accepted the insert before the crash").isNotEmpty();
            assertThat(checkpointed(db)).as("an accepted instance was not checkpointed")
                    .isLessThan(beforeRestart.size());

            try (ApplianceProcess second = ApplianceProcess.start(env(dataDir, db, port, fake, null), out)) {
                awaitRows(db, rows -> rows.size() == 2 && rows.stream().allMatch(r -> r.providerId() != null), Duration.ofSeconds(120));
                List<Instance> live = instances(fake, applianceId);
                List<String> rowIds = rows(db).stream().map(Row::providerId).toList();
                assertThat(live).as("one scheduler and one worker, no duplicate of the crashed launch").hasSize(2);
                assertThat(live.stream().map(Instance::getName).distinct()).hasSize(2);
                assertThat(live).filteredOn(i -> "scheduler".equals(i.getLabelsMap().get("flotilla-role"))).hasSize(1);
                assertThat(live).as("every instance belongs to a row (no orphan)")
                        .allSatisfy(i -> assertThat(rowIds).contains(zone(i) + "/" + i.getName()));
                assertThat(live).as("the instance accepted before the crash is the one its row took")
                        .extracting(Instance::getId).containsAll(beforeRestart.stream().map(Instance::getId).toList());

                second.send("POST", "/api/v1/workspaces/default/clusters/crashy/stop", TOKEN, "{}");
                awaitCluster(second, c -> c.contains("\"state\":\"stopped\""), Duration.ofSeconds(120));
                Instant deadline = Instant.now().plusSeconds(60);
                while (Instant.now().isBefore(deadline) && !(instances(fake, applianceId).isEmpty() && fake.firewalls().isEmpty())) {
                    Thread.sleep(250);
                }
                assertThat(instances(fake, applianceId)).as("no instance of the appliance is left").isEmpty();
                assertThat(fake.firewalls()).as("no firewall rule of the cluster is left").isEmpty();
            }
        }
    }

    private static Map<String, String> env(Path dataDir, String db, String port, FakeComputeEngine fake, String crashAfter) {
        Map<String, String> env = new HashMap<>(Map.of(
                "FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", TOKEN,
                "FLOTILLA_DATABASE_URL", db, "FLOTILLA_DATABASE_USER", "postgres", "FLOTILLA_DATABASE_PASSWORD", "",
                "FLOTILLA_CLUSTERS_HEARTBEAT_INTERVAL", "1s", "FLOTILLA_CLUSTERS_STOP_GRACE", "3s",
                "FLOTILLA_GCP_COMPUTE_ENDPOINT", fake.endpoint(), "FLOTILLA_PORT", port));
        if (crashAfter != null) {
            env.put("FLOTILLA_TEST_CRASH_AFTER_GCP", crashAfter);
        }
        return env;
    }

    private static List<Instance> instances(FakeComputeEngine fake, String applianceId) {
        return fake.instances().stream().filter(i -> applianceId.equals(i.getLabelsMap().get("flotilla-appliance"))).toList();
    }

    private static String zone(Instance instance) {
        return instance.getZone().substring(instance.getZone().lastIndexOf('/') + 1);
    }

    private record Row(String role, String name, String providerId) {
    }

    private static List<Row> rows(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT role, name, provider_instance_id FROM cluster_instances")) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return rows;
        }
    }

    private static void awaitRows(String db, Predicate<List<Row>> done, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<Row> last = rows(db);
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            last = rows(db);
        }
        assertThat(done.test(last)).as("instance rows after the restart: " + last).isTrue();
    }

    private static String applianceId(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM appliance")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int checkpointed(String db) throws Exception {
        return (int) rows(db).stream().filter(r -> r.providerId() != null).count();
    }

    private static String tail(Path out) throws java.io.IOException {
        String text = Files.exists(out) ? Files.readString(out) : "";
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static void awaitCluster(ApplianceProcess appliance, Predicate<String> done, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = appliance.get("/api/v1/workspaces/default/clusters/crashy", TOKEN).body().replace(" ", "");
            if (done.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster crashy did not get there in " + timeout + ": " + last);
    }
}
