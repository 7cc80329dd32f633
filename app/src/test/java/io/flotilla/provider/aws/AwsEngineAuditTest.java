package io.flotilla.provider.aws;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.engine.Action;
import io.flotilla.provider.ApplianceId;
import io.flotilla.cluster.engine.OrphanSweeper;
import io.flotilla.cluster.engine.PlanExecutor;
import io.flotilla.identity.BootstrapAdmin;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's EC2 changes (against moto, with the appliance's real database) are each audited with the cause, the
 * user or {@code system}, the cloud account and the EC2 ids: the account's network setup, a cluster's security
 * group, launch templates, fleets and instances at launch (created, then scaled), their termination and release
 * at a user's stop, and the orphan sweep. The reconciler is off; the test hands the plan executor the steps it
 * would decide, so each entry can be pinned to its step.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsEngineAuditTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    private static final String NAME = "ec2-audited";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    PlanExecutor executor;
    @Inject
    OrphanSweeper sweeper;
    @Inject
    ClusterRepository clusters;
    @Inject
    ClusterInstanceRepository instances;
    @Inject
    ProviderRegistry providers;
    @Inject
    ApplianceId applianceId;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        return Map.of("flotilla.aws.endpoint-override", MOTO.endpoint().toString(),
                "flotilla.tasks.enabled", "false",
                "flotilla.clusters.orphan-grace", "0s");
    }

    @Test
    void networkLaunchScaleStopAndSweepOnEc2AreAudited() {
        Api admin = new Api(client, ADMIN_TOKEN);
        List<String> subnets = MOTO.clients().ec2(MotoServer.REGION).describeSubnets().subnets().stream()
                .map(Subnet::subnetId).sorted().limit(1).toList();
        assertThat(admin.post("/api/v1/cloud-accounts", Map.of("name", "moto", "provider", "aws", "region", MotoServer.REGION,
                "subnetIds", subnets, "credentials", Map.of("mode", "access_keys", "accessKeyId", MotoServer.ACCESS_KEY_ID,
                        "secretAccessKey", "moto-secret"))).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workspaces/default/cloud-account", Map.of("account", "moto")).status()).isEqualTo(200);

        Api.Reply network = admin.post("/api/v1/cloud-accounts/moto/network", Map.of());
        assertThat(network.status()).as(String.valueOf(network.body())).isEqualTo(200);
        List<Map<String, Object>> setup = admin.get("/api/v1/audit?kind=engine&target=moto").list();
        assertThat(setup).extracting(e -> e.get("action")).contains("vpc.create", "subnet.create", "internet_gateway.create",
                "route_table.create");
        assertThat(setup).allSatisfy(e -> assertThat(e).containsEntry("actor", BootstrapAdmin.ADMIN_USERNAME)
                .containsEntry("cause", "network setup requested").containsEntry("cloudAccount", "moto"));
        assertThat(setup).filteredOn(e -> "vpc.create".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(e.get("resources").toString()).contains("vpc-"));

        Api.Reply created = admin.post("/api/v1/workspaces/default/clusters", Map.of("name", NAME, "nWorkers", 1));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        UUID clusterId = UUID.fromString(created.json().get("id").toString());
        apply(clusterId, new Action.StartProvisioning(), new Action.CreateInstance(InstanceRole.SCHEDULER));
        apply(clusterId, new Action.Launch(row(clusterId, "scheduler").id()));
        String schedulerInstance = row(clusterId, "scheduler").providerInstanceId();
        List<Map<String, Object>> launch = engine(admin);
        assertThat(launch).extracting(e -> e.get("action")).contains("security_group.create", "security_group.authorize",
                "launch_template.create", "fleet.create", "log_group.create");
        assertThat(launch).allSatisfy(e -> assertThat(e).containsEntry("cause", "cluster created")
                .containsEntry("actor", BootstrapAdmin.ADMIN_USERNAME).containsEntry("cloudAccount", "moto")
                .containsEntry("workspace", "default"));
        assertThat(launch).filteredOn(e -> "fleet.create".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(ids(e)).contains(schedulerInstance)
                        .anySatisfy(id -> assertThat(id.toString()).startsWith("fleet-")));
        assertThat(launch).filteredOn(e -> "security_group.create".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(e.get("resources").toString()).contains("sg-"));

        assertThat(admin.post("/api/v1/workspaces/default/clusters/" + NAME + "/scale", Map.of("nWorkers", 2)).status())
                .isEqualTo(200);
        apply(clusterId, new Action.CreateInstance(InstanceRole.WORKER));
        apply(clusterId, new Action.Launch(row(clusterId, "worker-1").id()));
        String workerInstance = row(clusterId, "worker-1").providerInstanceId();
        assertThat(engine(admin)).filteredOn(e -> "fleet.create".equals(e.get("action"))
                        && ids(e).contains(workerInstance)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("cause", "scaled to 2 workers")
                        .containsEntry("actor", BootstrapAdmin.ADMIN_USERNAME));

        assertThat(admin.post("/api/v1/workspaces/default/clusters/" + NAME + "/stop", Map.of()).status()).isEqualTo(200);
        for (String name : List.of("worker-1", "scheduler")) {
            ClusterInstance r = row(clusterId, name);
            apply(clusterId, new Action.Retire(r.id(), "user request"));
            apply(clusterId, new Action.Terminate(r.id(), r.providerInstanceId(), "user request"));
        }
        apply(clusterId, new Action.BeginStopping(), new Action.Finish(ClusterStatus.STOPPED));
        List<Map<String, Object>> stop = engine(admin).stream()
                .filter(e -> e.get("cause").toString().contains("user request")).toList();
        for (String instance : List.of(workerInstance, schedulerInstance)) {
            assertThat(stop).as("termination of " + instance).anySatisfy(e -> assertThat(e)
                    .containsEntry("action", "instance.terminate").containsEntry("resources", List.of(instance)));
        }
        assertThat(stop).extracting(e -> e.get("action")).contains("launch_template.delete", "security_group.delete",
                "fleet.delete");
        assertThat(stop).allSatisfy(e -> assertThat(e).containsEntry("actor", BootstrapAdmin.ADMIN_USERNAME)
                .containsEntry("cloudAccount", "moto"));

        var row = clusters.findById(clusterId).orElseThrow();
        ComputeProvider account = providers.forAccount(row.provider(), row.cloudAccountId());
        String unknownCluster = UUID.randomUUID().toString();
        String orphan = account.launch(Ec2Fixtures.request(applianceId.value(), unknownCluster, InstanceRole.WORKER,
                "worker-1", null)).instanceId();
        assertThat(sweeper.sweep()).containsExactly(orphan);
        List<Map<String, Object>> swept = admin.get("/api/v1/audit?kind=engine&target=" + unknownCluster).list();
        assertThat(swept).extracting(e -> e.get("action")).contains("instance.terminate", "launch_template.delete",
                "security_group.delete");
        assertThat(swept).allSatisfy(e -> assertThat(e).containsEntry("cause", "orphan sweep").containsEntry("actor", "system")
                .containsEntry("cloudAccount", "moto"));
        assertThat(swept).filteredOn(e -> "instance.terminate".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("resources", List.of(orphan)));
    }

    private void apply(UUID clusterId, Action... steps) {
        executor.apply(clusters.findById(clusterId).orElseThrow(), List.of(steps));
    }

    private ClusterInstance row(UUID clusterId, String name) {
        return instances.findByClusterIdOrderByCreatedAt(clusterId).stream().filter(i -> i.name().equals(name))
                .reduce((first, last) -> last).orElseThrow();
    }

    private static List<Map<String, Object>> engine(Api admin) {
        return admin.get("/api/v1/workspaces/default/audit?kind=engine&target=" + NAME + "&limit=500").list();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> entry) {
        return (List<String>) entry.get("resources");
    }
}
