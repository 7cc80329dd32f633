package io.flotilla.provider.aws;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.flotilla.testing.LogCapture;
import io.flotilla.testing.PythonScript;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #4's end to end, against moto: an admin registers an AWS account and binds the workspace to it; from
 * Python a user starts a 2-worker spot_with_fallback cluster, computes, has a task read an S3 object with the
 * credentials the client forwarded, scales to 3, reads logs back through the API from CloudWatch Logs, and
 * closes. The instances are provisioned purely through EC2 calls; {@link VmPlayer} plays the VMs. Afterwards
 * nothing of the cluster is left in EC2, and neither the user's keys nor the forwarded ones nor the account's
 * keys appear in the database, the appliance's log or any instance's user-data.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsClusterEndToEndTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    /** The user's own AWS keys (moto plays the user's account too). */
    private static final String USER_KEY_ID = "AKIAUSERCANARY" + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase();
    private static final String USER_SECRET = "user-secret-canary-" + UUID.randomUUID();
    /** The account's access keys registered with the appliance. */
    private static final String ACCOUNT_SECRET = "account-secret-canary-" + UUID.randomUUID();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    ApplianceId applianceId;
    @Inject
    io.flotilla.config.ApplianceUrl applianceUrl;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    @Property(name = "datasources.default.url")
    String jdbcUrl;
    private VmPlayer vms;
    private final LogCapture logs = new LogCapture();

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        return Map.of("flotilla.agent.install.wheelhouse", TestWheelhouse.dir().toString(),
                io.flotilla.provider.aws.RecordingInterceptorFactory.PROPERTY, "true",
                "flotilla.aws.endpoint-override", MOTO.endpoint().toString(),
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "5s");
    }

    @AfterAll
    void stopVms() {
        if (vms != null) {
            vms.close();
        }
        logs.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void registerComputeScaleReadLogsAndStopOnEc2() throws Exception {
        Ec2Client ec2 = MOTO.clients().ec2(MotoServer.REGION);
        List<String> subnets = loopbackNetwork(ec2);
        Api admin = new Api(client, ADMIN_TOKEN);
        Api.Reply registered = admin.post("/api/v1/cloud-accounts", Map.of("name", "moto", "provider", "aws",
                "region", MotoServer.REGION, "subnetIds", subnets,
                "credentials", Map.of("mode", "access_keys", "accessKeyId", MotoServer.ACCESS_KEY_ID, "secretAccessKey", ACCOUNT_SECRET)));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workspaces/default/cloud-account", Map.of("account", "moto")).status()).isEqualTo(200);

        vms = new VmPlayer(ec2, applianceId.value(), dataDir().resolve("vms"), Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAINSTANCEROLE0001", "AWS_SECRET_ACCESS_KEY", "instance-role-secret",
                "AWS_DEFAULT_REGION", MotoServer.REGION, "FLOTILLA_AGENT_CONNECT_RETRIES", "60")).start();
        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/aws_cluster.py").toAbsolutePath(), Map.of(
                "FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(),
                "FLOTILLA_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_WORKSPACE", "default",
                "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString(),
                "MOTO_ENDPOINT", MOTO.endpoint().toString(),
                "AWS_ENDPOINT_URL", MOTO.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", USER_KEY_ID, "AWS_SECRET_ACCESS_KEY", USER_SECRET,
                "AWS_DEFAULT_REGION", MotoServer.REGION), 900, dataDir().resolve("aws-e2e.out"));
        assertThat(result.exitCode()).as(result.output() + "\nVM problems: " + vms.problems() + "\n" + consoles()).isZero();
        Map<String, Object> report = report(result.output());

        double sum = ((Number) report.get("sum")).doubleValue();
        assertThat(Math.abs(sum - 5e7) / 5e7).as("sum of 10^8 uniform randoms").isLessThan(0.01);
        assertThat(report.get("address").toString()).startsWith("tls://127.64.");
        assertThat(report).containsEntry("workers_after_scale", 3).containsEntry("object", "hello from the user's bucket");
        assertThat(report.get("plain_client")).isNotEqualTo("connected");
        Map<String, Object> dashboard = (Map<String, Object>) report.get("dashboard");
        assertThat(dashboard).as("the dashboard link opens over TLS; without the token: 403")
                .containsEntry("status_page", true).containsEntry("without_token", 403).containsEntry("wrong_token", 403);
        assertThat(dashboard.get("link").toString()).startsWith("https://127.64.");
        String forwardedKey = report.get("worker_key_id").toString();
        String forwardedSecret = report.get("worker_secret").toString();
        assertThat(forwardedKey).as("the worker used the user's forwarded session, not its instance role")
                .isNotEqualTo("AKIAINSTANCEROLE0001").isNotEqualTo(USER_KEY_ID);
        assertThat(report).as("logs read back through the API").doesNotContainKey("log_error");
        assertThat((List<Object>) report.get("log_keys")).contains("Scheduler").hasSizeGreaterThanOrEqualTo(2);
        assertThat(report.get("scheduler_log").toString()).contains("Scheduler at");

        Map<String, Object> cluster = admin.awaitClusterState("default", "aws-e2e", "stopped", Duration.ofSeconds(120));
        assertThat(cluster).containsEntry("reason", "user request").containsEntry("provider", "aws");
        String clusterId = cluster.get("id").toString();

        List<Instance> ofCluster = instances(ec2, clusterId);
        assertThat(ofCluster).as("scheduler + 3 workers were launched").hasSizeGreaterThanOrEqualTo(4);
        assertMeteredAsLaunched(cluster, clusterId, ofCluster);
        assertThat(ofCluster).as("no instance of the cluster is left running")
                .allSatisfy(i -> assertThat(i.state().name()).isIn(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN));
        for (Instance instance : ofCluster) {
            Map<String, String> tags = instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
            assertThat(tags).containsEntry(ResourceTags.APPLIANCE, applianceId.value()).containsEntry(ResourceTags.CLUSTER, clusterId)
                    .containsEntry(ResourceTags.WORKSPACE, "default").containsKeys(ResourceTags.ROLE, ResourceTags.INSTANCE);
        }
        assertThat(ec2.describeLaunchTemplates(b -> b.filters(tag(ResourceTags.CLUSTER, clusterId))).launchTemplates())
                .as("no launch template of the cluster").isEmpty();
        assertThat(ec2.describeSecurityGroups(b -> b.filters(tag(ResourceTags.CLUSTER, clusterId))).securityGroups())
                .as("no security group of the cluster").isEmpty();
        assertThat(ec2.describeFleets(b -> b.filters(tag(ResourceTags.CLUSTER, clusterId))).fleets())
                .as("every fleet of the cluster is deleted (EC2 lists deleted fleets for a while)")
                .allSatisfy(f -> assertThat(f.fleetStateAsString()).startsWith("deleted"));

        Map<String, String> userData = vms.userData();
        assertThat(userData).hasSizeGreaterThanOrEqualTo(4);
        List<String> canaries = List.of(USER_KEY_ID, USER_SECRET, forwardedKey, forwardedSecret, ACCOUNT_SECRET, MotoServer.ACCESS_KEY_ID,
                dashboard.get("token").toString());
        String pin = applianceUrl.fingerprintForInstances();
        assertThat(pin).as("the appliance pins its instance certificate").matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        userData.forEach((id, script) -> {
            assertThat(script.getBytes(StandardCharsets.UTF_8).length).as("user-data of " + id).isLessThan(16 * 1024);
            assertThat(script).as("user-data of " + id).doesNotContain(canaries).doesNotContain("BEGIN", "PRIVATE KEY");
            assertThat(script).as("user-data of " + id + ": the instance HTTPS URL and the certificate's pin")
                    .contains("FLOTILLA_AGENT_URL=https://127.0.0.1:").doesNotContain("FLOTILLA_AGENT_URL=http://")
                    .contains("FLOTILLA_AGENT_FINGERPRINT=" + pin + "\n");
            assertThat(script).as("user-data of " + id + ": a stock image fetches the install script, pinning the key")
                    .contains("/api/v1/agent/install.sh").contains("--pinnedpubkey")
                    .contains("FLOTILLA_AGENT_PUBKEY_PIN=" + applianceUrl.publicKeyPinForInstances() + "\n");
            try {
                assertThat(vms.console(id)).as("console of " + id + ": the real boot path")
                        .contains("flotilla-install: downloaded").contains("started flotilla-agent.service")
                        .contains("as flotilla: /opt/flotilla/venv/bin/python -m flotilla.agent");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(agentRequests("install", "https")).as("install downloads over TLS").isGreaterThanOrEqualTo(ofCluster.size());
        assertThat(agentRequests("install", "http")).as("install downloads over plain HTTP").isZero();
        assertThat(agentRequests("bootstrap", "https")).as("bootstraps over TLS").isGreaterThanOrEqualTo(ofCluster.size());
        assertThat(agentRequests("bootstrap", "http")).as("bootstraps over plain HTTP").isZero();
        assertThat(agentRequests("heartbeat", "https")).as("heartbeats over TLS").isPositive();
        assertThat(agentRequests("heartbeat", "http")).as("heartbeats over plain HTTP").isZero();
        String dump = DatabaseDump.of(jdbcUrl);
        assertThat(dump).contains("aws-e2e");
        assertThat(dump).as("database dump").doesNotContain(canaries);
        canaries.forEach(c -> assertThat(dump.toLowerCase()).doesNotContain(DatabaseDump.hex(c)));
        String applianceLog = logs.text();
        // the engine logs each transition of the cluster by name (ClusterTransitions)
        assertThat(applianceLog).as("the capture sees the appliance's log lines").contains("Cluster aws-e2e (" + clusterId + "): running");
        assertThat(applianceLog).as("appliance log").doesNotContain(canaries);
    }

    /** Agent requests the appliance answered, by route and transport ({@code https}, {@code http}). */
    private double agentRequests(String route, String transport) {
        io.micrometer.core.instrument.Counter counter = meters.find(io.flotilla.cluster.agent.AgentTransport.METRIC)
                .tags("route", route, "transport", transport).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A VPC whose subnets are loopback addresses here: each "VM" gets its own address that really answers. */
    private static List<String> loopbackNetwork(Ec2Client ec2) {
        String vpc = ec2.createVpc(b -> b.cidrBlock("127.64.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("127.64.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        String c = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("127.64.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
        return List.of(a, c);
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static List<Instance> instances(Ec2Client ec2, String clusterId) {
        return ec2.describeInstances(b -> b.filters(tag(ResourceTags.CLUSTER, clusterId))).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    private String consoles() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String id : vms.userData().keySet()) {
            String console = vms.console(id);
            text.append("---- VM ").append(id).append(" ----\n").append(console, Math.max(0, console.length() - 3000), console.length()).append('\n');
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        return (Map<String, Object>) io.micronaut.serde.ObjectMapper.getDefault().readValue(line.substring(11), Map.class);
    }

    /** Every instance is metered with the type EC2 launched, in the account's region; the stopped cluster's total is final. */
    @SuppressWarnings("unchecked")
    private void assertMeteredAsLaunched(Map<String, Object> cluster, String clusterId, List<Instance> launched) throws Exception {
        Map<String, Object> usage = (Map<String, Object>) cluster.get("usage");
        assertThat(usage.get("complete")).isEqualTo(true);
        assertThat(((Number) usage.get("vcpuHours")).doubleValue()).isPositive();
        assertThat(((Number) usage.get("estimatedCost")).doubleValue()).as("priced at the list price of its types").isPositive();
        assertThat((String) usage.get("costLabel")).startsWith("estimate at list price, 20");
        Map<String, String> typeById = launched.stream().collect(Collectors.toMap(Instance::instanceId, i -> i.instanceTypeAsString()));
        try (java.sql.Connection c = sql(); java.sql.PreparedStatement st = c.prepareStatement("SELECT i.provider_instance_id,"
                + " m.instance_type, m.region, m.vcpus, m.terminated_at FROM instance_meters m JOIN cluster_instances i"
                + " ON i.id = m.instance_id WHERE m.cluster_id = ?")) {
            st.setObject(1, java.util.UUID.fromString(clusterId));
            int rows = 0;
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString(2)).as("metered type").isEqualTo(typeById.get(rs.getString(1)));
                    assertThat(rs.getString(3)).isEqualTo(MotoServer.REGION);
                    assertThat(rs.getInt(4)).isPositive();
                    assertThat(rs.getTimestamp(5)).as("terminated").isNotNull();
                }
            }
            assertThat(rows).as("one meter per launched instance").isEqualTo(launched.size());
        }
    }
}
