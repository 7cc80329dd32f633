package io.flotilla.provider.aws;

import io.flotilla.provider.ApplianceId;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baked boot path against moto: with {@code flotilla.aws.image-baked} the user-data only writes the agent's
 * environment file and starts its unit; the VM player's VMs are baked the way {@code packer/worker} bakes the image
 * (the unit from {@code packer/files}, install.sh {@code --from … --no-start}), and the cluster computes without
 * any instance fetching the install script from the appliance.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsBakedImageEndToEndTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    ApplianceId applianceId;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    private VmPlayer vms;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        return Map.of("flotilla.aws.endpoint-override", MOTO.endpoint().toString(),
                "flotilla.aws.image-baked", "true",
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "5s");
    }

    @AfterAll
    void stopVms() {
        if (vms != null) {
            vms.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBakedImageStartsTheUnitWithoutInstallingAndTheClusterComputes() throws Exception {
        Ec2Client ec2 = MOTO.clients().ec2(MotoServer.REGION);
        String vpc = ec2.createVpc(b -> b.cidrBlock("127.64.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("127.64.3.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        Api admin = new Api(client, ADMIN_TOKEN);
        assertThat(admin.post("/api/v1/cloud-accounts", Map.of("name", "moto", "provider", "aws", "region", MotoServer.REGION,
                "subnetIds", List.of(subnet), "credentials", Map.of("mode", "access_keys", "accessKeyId", MotoServer.ACCESS_KEY_ID,
                        "secretAccessKey", MotoServer.SECRET_KEY))).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workspaces/default/cloud-account", Map.of("account", "moto")).status()).isEqualTo(200);
        vms = new VmPlayer(ec2, applianceId.value(), dataDir().resolve("vms"), Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAINSTANCEROLE0001", "AWS_SECRET_ACCESS_KEY", "instance-role-secret",
                "AWS_DEFAULT_REGION", MotoServer.REGION, "FLOTILLA_AGENT_CONNECT_RETRIES", "60")).bakedImage().start();

        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/aws_baked.py").toAbsolutePath(), Map.of(
                "FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(), "FLOTILLA_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_WORKSPACE", "default", "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString()),
                900, dataDir().resolve("aws-baked.out"));
        assertThat(result.exitCode()).as(result.output() + "\nVM problems: " + vms.problems() + "\n" + consoles()).isZero();
        String line = result.output().lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        Map<String, Object> report = io.micronaut.serde.ObjectMapper.getDefault().readValue(line.substring(11), Map.class);
        assertThat(((Number) report.get("sum")).longValue()).isEqualTo(499_999_500_000L);
        assertThat(report.get("address").toString()).startsWith("tls://127.64.3.");

        assertThat(vms.userData()).hasSizeGreaterThanOrEqualTo(2);
        for (Map.Entry<String, String> entry : vms.userData().entrySet()) {
            assertThat(entry.getValue()).as("user-data of a baked image").endsWith("systemctl start --no-block flotilla-agent.service\n")
                    .doesNotContain("install.sh").doesNotContain("curl");
            assertThat(vms.console(entry.getKey())).as("console of " + entry.getKey())
                    .contains("vm: baking the image like packer/worker").contains("inactive before user-data")
                    .doesNotContain("flotilla-install: downloaded")
                    .contains("started flotilla-agent.service").contains("as flotilla: /opt/flotilla/venv/bin/python -m flotilla.agent");
        }
        io.micrometer.core.instrument.Counter installs = meters.find(io.flotilla.cluster.agent.AgentTransport.METRIC)
                .tags("route", "install").counter();
        assertThat(installs == null ? 0 : installs.count()).as("no baked instance fetched the install script").isZero();
        admin.awaitClusterState("default", "aws-baked", "stopped", Duration.ofSeconds(120));
    }

    private String consoles() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String id : vms.userData().keySet()) {
            String console = vms.console(id);
            text.append("---- VM ").append(id).append(" ----\n").append(console, Math.max(0, console.length() - 3000), console.length()).append('\n');
        }
        return text.toString();
    }
}
