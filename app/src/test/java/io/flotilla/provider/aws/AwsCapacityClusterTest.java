package io.flotilla.provider.aws;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capacity errors as a cluster sees them (EC2's answers played by {@link CapacityFaults}): workers whose first pool has no capacity start in the next one; a scheduler whose every pool
 * fails ends the cluster as failed with a reason naming each pool and its error.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCapacityClusterTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplianceId applianceId;
    @Inject
    CapacityFaults faults;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        return Map.of(io.flotilla.provider.aws.RecordingInterceptorFactory.PROPERTY, "true",
                "flotilla.aws.endpoint-override", MOTO.endpoint().toString(),
                "flotilla.aws.instance-types", "m5.large,m5.xlarge",
                "flotilla.test.capacity-faults", "m5.large");
    }

    @Test
    void workersFallBackToTheNextPoolAndASchedulerWithoutAnyCapacityFailsTheClusterNamingEachPool() throws Exception {
        Ec2Client ec2 = MOTO.clients().ec2(MotoServer.REGION);
        List<String> subnets = ec2.describeSubnets().subnets().stream().map(s -> s.subnetId()).sorted().limit(2).toList();
        Api admin = new Api(client, ADMIN_TOKEN);
        account(admin, "ok", subnets);

        assertThat(admin.put("/api/v1/workspaces/default/cloud-account", Map.of("account", "ok",
                "allowedCidrs", List.of("192.0.2.0/24"))).status()).isEqualTo(200);
        Map<String, Object> cluster = admin.post("/api/v1/workspaces/default/clusters",
                Map.of("name", "fallback", "nWorkers", 2, "noClientTimeoutSeconds", 600)).json();
        String clusterId = cluster.get("id").toString();
        Instant deadline = Instant.now().plusSeconds(60);
        List<Instance> workers = List.of();
        while (Instant.now().isBefore(deadline) && workers.size() < 2) {
            workers = ec2.describeInstances(b -> b.filters(tag(ResourceTags.CLUSTER, clusterId), tag(ResourceTags.ROLE, "worker")))
                    .reservations().stream().flatMap(r -> r.instances().stream()).toList();
            Thread.sleep(250);
        }
        assertThat(workers).as("both workers started, in the pool after the one without capacity").hasSize(2)
                .allSatisfy(i -> assertThat(i.instanceTypeAsString()).isEqualTo("m5.xlarge"));
        assertThat(ec2.describeSecurityGroups(b -> b.filters(tag(ResourceTags.CLUSTER, clusterId))).securityGroups())
                .as("the workspace's allowed addresses reach the cluster's security group").singleElement()
                .satisfies(group -> assertThat(group.ipPermissions()).anySatisfy(p -> {
                    assertThat(p.fromPort()).isEqualTo(8786);
                    assertThat(p.ipRanges()).extracting(r -> r.cidrIp()).containsExactly("192.0.2.0/24");
                }));
        admin.post("/api/v1/workspaces/default/clusters/fallback/stop", Map.of());
    }

    @Test
    void aSchedulerWithoutCapacityAnywhereFailsTheClusterWithEveryPoolNamed() throws Exception {
        Ec2Client ec2 = MOTO.clients().ec2(MotoServer.REGION);
        List<String> subnets = ec2.describeSubnets().subnets().stream().map(s -> s.subnetId()).sorted().limit(2).toList();
        Api admin = new Api(client, ADMIN_TOKEN);
        account(admin, "starved", subnets);
        admin.post("/api/v1/workspaces", Map.of("name", "hungry"));
        assertThat(admin.put("/api/v1/workspaces/hungry/cloud-account", Map.of("account", "starved")).status()).isEqualTo(200);
        Map<String, Object> failed;
        faults.fail("m6i.large");
        try {
            admin.post("/api/v1/workspaces/hungry/clusters", Map.of("name", "nocap", "nWorkers", 1));
            failed = admin.awaitClusterState("hungry", "nocap", "failed", Duration.ofSeconds(60));
        } finally {
            faults.recover("m6i.large");
        }
        String reason = failed.get("reason").toString();
        assertThat(reason).startsWith("failed: could not launch the scheduler: No capacity for the instance in any pool:");
        for (String subnet : subnets) {
            assertThat(reason).contains("on-demand m6i.large in " + subnet + ": InsufficientInstanceCapacity");
        }
        // workers are launched together with the scheduler; the failed cluster terminates them
        String clusterId = failed.get("id").toString();
        Instant deadline = Instant.now().plusSeconds(30);
        List<Instance> left = running(ec2, clusterId);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            left = running(ec2, clusterId);
        }
        assertThat(left).as("nothing of the failed cluster is left running").isEmpty();
        assertThat(ec2.describeInstances(b -> b.filters(tag(ResourceTags.CLUSTER, clusterId), tag(ResourceTags.ROLE, "scheduler")))
                .reservations()).as("no scheduler ever started").isEmpty();
    }

    private static void account(Api admin, String name, List<String> subnets) {
        Api.Reply reply = admin.post("/api/v1/cloud-accounts", Map.of("name", name, "provider", "aws", "region", MotoServer.REGION,
                "subnetIds", subnets, "credentials", Map.of("mode", "access_keys", "accessKeyId", MotoServer.ACCESS_KEY_ID,
                        "secretAccessKey", MotoServer.SECRET_KEY)));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
    }

    private List<Instance> running(Ec2Client ec2, String clusterId) {
        return ec2.describeInstances(b -> b.filters(tag(ResourceTags.APPLIANCE, applianceId.value()), tag(ResourceTags.CLUSTER, clusterId),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }
}
