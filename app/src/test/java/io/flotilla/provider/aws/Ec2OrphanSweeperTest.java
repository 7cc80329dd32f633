package io.flotilla.provider.aws;

import io.flotilla.audit.AuditLog;
import io.flotilla.audit.MutationAudit;
import io.flotilla.audit.MutationCause;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.provider.ApplianceId;
import io.flotilla.cluster.engine.OrphanSweeper;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.flotilla.provider.aws.Ec2Fixtures.describe;
import static io.flotilla.provider.aws.Ec2Fixtures.fleets;
import static io.flotilla.provider.aws.Ec2Fixtures.groups;
import static io.flotilla.provider.aws.Ec2Fixtures.request;
import static io.flotilla.provider.aws.Ec2Fixtures.running;
import static io.flotilla.provider.aws.Ec2Fixtures.templates;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orphan sweeper with the real EC2 provider against moto; the database is replaced by the look-ups the
 * sweeper makes (cluster and instance rows by id, workspaces by name) and the audit log by what it is handed.
 */
class Ec2OrphanSweeperTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final String APPLIANCE = "appliance-" + UUID.randomUUID();

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    @Test
    void taggedInstancesWithoutRowAndLeftoversOfUnknownClustersAreSweptNothingElse() {
        Ec2Client raw = MOTO.clients().ec2(MotoServer.REGION);
        AwsProviderConfig config = new AwsProviderConfig();
        config.setRegion(MotoServer.REGION);
        config.setSubnetIds(raw.describeSubnets().subnets().stream().map(Subnet::subnetId).sorted().limit(1).toList());
        AwsClients clients = MOTO.clients(RECORDER);
        Ec2ComputeProvider provider = new Ec2ComputeProvider(config, clients, () -> APPLIANCE,
                AwsAccountContext.fromConfig(config, clients.defaultCredentials()));

        UUID live = UUID.randomUUID();
        LaunchRequest liveScheduler = request(APPLIANCE, live.toString(), InstanceRole.SCHEDULER, "scheduler", null);
        String liveInstance = provider.launch(liveScheduler).instanceId();
        String unknown = UUID.randomUUID().toString();
        LaunchedInstance orphan = provider.launch(request(APPLIANCE, unknown, InstanceRole.SCHEDULER, "scheduler", null));
        String crashed = UUID.randomUUID().toString();
        String crashedInstance = provider.launch(request(APPLIANCE, crashed, InstanceRole.WORKER, "worker-1", null)).instanceId();
        raw.terminateInstances(b -> b.instanceIds(crashedInstance)); // terminated, then the appliance died before deleting the rest
        String image = raw.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        String untagged = raw.runInstances(b -> b.imageId(image).minCount(1).maxCount(1)).instances().get(0).instanceId();

        Instant later = Instant.now().plus(Duration.ofHours(1));
        List<Audited> audited = new java.util.ArrayList<>();
        OrphanSweeper sweeper = new OrphanSweeper(new ProviderRegistry(List.of(provider), List.of()),
                instanceRows(UUID.fromString(liveScheduler.idempotencyKey()), live), clusterRows(live),
                new ApplianceId(APPLIANCE), new ClusterSettings(), noWorkspaces(), new MutationAudit(recording(audited)),
                Clock.fixed(later, ZoneOffset.UTC));
        assertThat(sweeper.sweep()).as("the tagged instance without a row, after the grace period")
                .containsExactly(orphan.instanceId());

        assertThat(audited).as("every sweep change audited as the system's orphan sweep in the account")
                .allSatisfy(a -> {
                    assertThat(a.cause()).isEqualTo(MutationCause.system("orphan sweep"));
                    assertThat(a.account()).isEqualTo("default");
                });
        assertThat(audited).filteredOn(a -> a.entry().action().equals("instance.terminate")).singleElement()
                .satisfies(a -> {
                    assertThat(a.entry().resources()).containsExactly(orphan.instanceId());
                    assertThat(a.target()).as("a cluster the database does not know: named by its id").isEqualTo(unknown);
                });
        for (String gone : List.of(unknown, crashed)) {
            assertThat(audited).filteredOn(a -> gone.equals(a.target())).extracting(a -> a.entry().action())
                    .as("what the sweep released of " + gone).contains("launch_template.delete", "security_group.delete",
                            "fleet.delete");
        }
        assertThat(audited).filteredOn(a -> a.entry().action().equals("security_group.delete"))
                .flatExtracting(a -> a.entry().resources()).allSatisfy(id -> assertThat(id).startsWith("sg-"));
        assertThat(audited).extracting(Audited::target).as("nothing of the live cluster").doesNotContain(live.toString(), "live");

        assertThat(describe(raw, untagged).state().name()).as("untagged: never touched").isEqualTo(InstanceStateName.RUNNING);
        for (String gone : List.of(unknown, crashed)) {
            assertThat(running(raw, gone)).isEmpty();
            assertThat(templates(raw, gone)).as("templates of " + gone).isEmpty();
            assertThat(groups(raw, gone)).as("group of " + gone).isEmpty();
            assertThat(fleets(raw, gone)).as("fleets of " + gone).isEmpty();
        }
        assertThat(running(raw, live.toString())).extracting(i -> i.instanceId()).containsExactly(liveInstance);
        assertThat(templates(raw, live.toString())).hasSize(1);
        assertThat(groups(raw, live.toString())).hasSize(1);
        assertThat(fleets(raw, live.toString())).hasSize(1);
        assertThat(provider.clustersWithResources(Map.of(ResourceTags.APPLIANCE, APPLIANCE))).containsExactly(live.toString());
    }

    /** One engine entry as the audit log was handed it. */
    record Audited(MutationCause cause, String account, String target, AuditLog.EngineEntry entry) {
    }

    /** An audit log that keeps what the engine hands it. */
    private static AuditLog recording(List<Audited> into) {
        return new AuditLog(null, null, Clock.systemUTC()) {
            @Override
            public void recordEngine(MutationCause cause, String cloudAccount, UUID workspaceId, String target,
                                     List<EngineEntry> entries) {
                entries.forEach(e -> into.add(new Audited(cause, cloudAccount, target, e)));
            }
        };
    }

    /** Workspaces: none known (the orphans' workspace tags name nothing). */
    @SuppressWarnings("unchecked")
    private static WorkspaceRepository noWorkspaces() {
        return (WorkspaceRepository) Proxy.newProxyInstance(WorkspaceRepository.class.getClassLoader(),
                new Class<?>[]{WorkspaceRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findByName")) {
                        return Optional.empty();
                    }
                    throw new AssertionError("the sweeper is not expected to call " + method.getName());
                });
    }

    /** Instance rows: only the live cluster's scheduler exists (READY). */
    private static ClusterInstanceRepository instanceRows(UUID rowId, UUID clusterId) {
        Instant now = Instant.now();
        ClusterInstance row = new ClusterInstance(rowId, clusterId, InstanceRole.SCHEDULER, "scheduler", InstanceStatus.READY,
                ClusterTarget.RUNNING, null, null, null, null, null, now, now);
        return repository(ClusterInstanceRepository.class, id -> rowId.equals(id) ? Optional.of(row) : Optional.empty());
    }

    /** Cluster rows: only the live cluster exists (RUNNING). */
    private static ClusterRepository clusterRows(UUID live) {
        Instant now = Instant.now();
        Cluster cluster = new Cluster(live, UUID.randomUUID(), UUID.randomUUID(), "live", Ec2ComputeProvider.ID,
                ClusterStatus.RUNNING, ClusterTarget.RUNNING, null, "{}", 0, null, null, null, null, null, null, 0, null, 0,
                null, null, null, now, now, now, null, null);
        return repository(ClusterRepository.class, id -> live.equals(id) ? Optional.of(cluster) : Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private static <R> R repository(Class<R> type, java.util.function.Function<Object, Optional<?>> findById) {
        return (R) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().equals("findById")) {
                return findById.apply(args[0]);
            }
            throw new AssertionError("the sweeper is not expected to call " + method.getName());
        });
    }

}
