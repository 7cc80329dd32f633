package io.flotilla.provider.aws;

import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.ApplianceProcess;
import io.flotilla.testing.PythonScript;
import io.flotilla.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the appliance after CreateFleet returned but before the instance id was checkpointed: after a
 * restart the cluster comes up with no duplicate instance (the launch is found again by its idempotency
 * key) and, once stopped, nothing of it is left running in EC2.
 */
class AwsCrashSafetyTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    private static final String TOKEN = "flt_aws-crash-test-admin-token-0123456789";

    @Test
    void crashAfterCreateFleetBeforeTheCheckpointLeavesNoDuplicateAndNoOrphan(@TempDir Path dataDir) throws Exception {
        Ec2Client ec2 = MOTO.clients().ec2(MotoServer.REGION);
        String vpc = ec2.createVpc(b -> b.cidrBlock("127.64.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("127.64.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        String db = TestDatabase.newDatabase();
        String port = Integer.toString(ApplianceProcess.freePort());
        Path out = dataDir.resolve("appliance.out");
        String applianceId;
        try (ApplianceProcess first = ApplianceProcess.startNoWait(env(dataDir, db, port, "CreateFleet"), out)) {
            first.awaitHealthy();
            assertThat(first.send("POST", "/api/v1/cloud-accounts", TOKEN, """
                    {"name":"moto","provider":"aws","region":"us-east-1","subnetIds":["%s"],
                     "credentials":{"mode":"access_keys","accessKeyId":"%s","secretAccessKey":"%s"}}"""
                    .formatted(subnet, MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_KEY)).statusCode()).isEqualTo(201);
            assertThat(first.send("PUT", "/api/v1/workspaces/default/cloud-account", TOKEN, "{\"account\":\"moto\"}").statusCode())
                    .isEqualTo(200);
            assertThat(first.send("POST", "/api/v1/workspaces/default/clusters", TOKEN,
                    "{\"name\":\"crashy\",\"nWorkers\":1,\"noClientTimeoutSeconds\":600}").statusCode()).isEqualTo(201);
            assertThat(first.awaitExit(Duration.ofSeconds(120))).as("the appliance died after CreateFleet").isEqualTo(137);
        }
        applianceId = applianceId(db);
        assertThat(instances(ec2, applianceId)).as("the fleet had started the scheduler before the crash").hasSize(1);
        assertThat(checkpointed(db)).as("nothing was checkpointed").isZero();

        try (VmPlayer vms = new VmPlayer(ec2, applianceId, dataDir.resolve("vms"), Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAINSTANCEROLE0001", "AWS_SECRET_ACCESS_KEY", "instance-role-secret",
                "AWS_DEFAULT_REGION", MotoServer.REGION, "FLOTILLA_AGENT_CONNECT_RETRIES", "120")).start();
             ApplianceProcess second = ApplianceProcess.start(env(dataDir, db, port, null), out)) {
            awaitCluster(second, c -> c.contains("\"state\":\"running\"") && c.contains("\"connected\":1"), Duration.ofSeconds(180));
            List<Instance> live = instances(ec2, applianceId).stream().filter(i -> i.state().name() == InstanceStateName.RUNNING).toList();
            assertThat(live).as("one scheduler and one worker, no duplicate of the crashed launch").hasSize(2);
            assertThat(live.stream().filter(i -> i.tags().stream().anyMatch(t -> t.key().equals(ResourceTags.ROLE)
                    && t.value().equals("scheduler")))).hasSize(1);

            second.send("POST", "/api/v1/workspaces/default/clusters/crashy/stop", TOKEN, "{}");
            awaitCluster(second, c -> c.contains("\"state\":\"stopped\""), Duration.ofSeconds(90));
            assertThat(instances(ec2, applianceId)).as("no orphan: every instance of the appliance is terminated")
                    .allSatisfy(i -> assertThat(i.state().name()).isIn(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN));
            assertThat(vms.problems()).isEmpty();
        }
    }

    private static Map<String, String> env(Path dataDir, String db, String port, String crashAfter) {
        Map<String, String> env = new HashMap<>(Map.of(
                "FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", TOKEN,
                "FLOTILLA_DATABASE_URL", db, "FLOTILLA_DATABASE_USER", "postgres", "FLOTILLA_DATABASE_PASSWORD", "",
                "FLOTILLA_LOCAL_PYTHON", PythonScript.python().toString(),
                "FLOTILLA_CLUSTERS_HEARTBEAT_INTERVAL", "1s", "FLOTILLA_CLUSTERS_STOP_GRACE", "3s",
                "FLOTILLA_AWS_ENDPOINT_OVERRIDE", MOTO.endpoint().toString(), "FLOTILLA_PORT", port));
        env.put("FLOTILLA_TEST_RECORD_AWS_OPERATIONS", "true");
        env.put("FLOTILLA_AGENT_INSTALL_WHEELHOUSE", TestWheelhouse.dir().toString());
        if (crashAfter != null) {
            env.put("FLOTILLA_TEST_CRASH_AFTER_AWS", crashAfter);
        }
        return env;
    }

    private static List<Instance> instances(Ec2Client ec2, String applianceId) {
        return ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:" + ResourceTags.APPLIANCE).values(applianceId).build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    private static String applianceId(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM appliance")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int checkpointed(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM cluster_instances WHERE provider_instance_id IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitCluster(ApplianceProcess appliance, Predicate<String> done, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = appliance.get("/api/v1/workspaces/default/clusters/crashy", TOKEN);
            last = response.body().replace(" ", "");
            if (done.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster crashy did not get there in " + timeout + ": " + last);
    }
}
