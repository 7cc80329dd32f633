package io.flotilla.provider.aws;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceShape;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EC2 provider against a real EC2 API (moto), checked with raw EC2 calls. */
class Ec2ComputeProviderTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final String APPLIANCE = "appliance-" + UUID.randomUUID();
    static final String APPLIANCE_URL = "https://flotilla.internal.example:8443";

    CapacityFaults faults;
    Ec2Client raw;
    List<String> subnets;
    AwsProviderConfig config;

    @BeforeEach
    void setUp() {
        faults = new CapacityFaults("InsufficientInstanceCapacity");
        raw = MOTO.clients().ec2(MotoServer.REGION);
        subnets = raw.describeSubnets().subnets().stream().map(Subnet::subnetId).sorted().limit(2).toList();
        config = new AwsProviderConfig();
        config.setEnabled(true);
        config.setRegion(MotoServer.REGION);
        config.setEndpointOverride(MOTO.endpoint());
        config.setSubnetIds(subnets);
        config.setSpotPolicy(SpotPolicy.SPOT_WITH_FALLBACK.value());
    }

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    Ec2ComputeProvider provider() {
        AwsClients clients = MOTO.clients(RECORDER, faults);
        return new Ec2ComputeProvider(config, clients, () -> APPLIANCE,
                AwsAccountContext.fromConfig(config, clients.defaultCredentials()));
    }

    @Test
    void launchesSchedulerAndWorkersTaggedAtCreationListsAndTerminatesThem() {
        Ec2ComputeProvider provider = provider();
        String cluster = UUID.randomUUID().toString();
        LaunchedInstance scheduler = provider.launch(request(cluster, InstanceRole.SCHEDULER, "scheduler", "fbt_sched"));
        LaunchedInstance worker1 = provider.launch(request(cluster, InstanceRole.WORKER, "worker-1", "fbt_w1"));
        LaunchedInstance worker2 = provider.launch(request(cluster, InstanceRole.WORKER, "worker-2", "fbt_w2"));
        List<LaunchedInstance> all = List.of(scheduler, worker1, worker2);
        assertThat(all).allSatisfy(launched -> assertThat(launched.privateAddress()).isNotBlank());

        for (LaunchedInstance launched : all) {
            Instance instance = describe(launched.instanceId());
            Map<String, String> tags = instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
            assertThat(tags).containsEntry(ResourceTags.APPLIANCE, APPLIANCE).containsEntry(ResourceTags.CLUSTER, cluster)
                    .containsEntry(ResourceTags.WORKSPACE, "team-a").containsKey(ResourceTags.INSTANCE)
                    .containsEntry(ResourceTags.ROLE, launched == scheduler ? "scheduler" : "worker");
            String userData = new String(Base64.getDecoder().decode(raw.describeInstanceAttribute(b -> b
                    .instanceId(launched.instanceId()).attribute("userData")).userData().value()), StandardCharsets.UTF_8);
            assertThat(userData.getBytes(StandardCharsets.UTF_8).length).isLessThan(16 * 1024);
            assertThat(userData).contains("FLOTILLA_AGENT_URL=" + APPLIANCE_URL).contains("FLOTILLA_AGENT_TOKEN=fbt_")
                    .doesNotContain("PRIVATE KEY").doesNotContainIgnoringCase("aws_secret")
                    .doesNotContain(MotoServer.ACCESS_KEY_ID).doesNotContain(MotoServer.SECRET_KEY);
        }
        assertThat(describe(scheduler.instanceId()).instanceLifecycleAsString()).isNull();
        assertThat(describe(worker1.instanceId()).instanceLifecycleAsString()).isEqualTo("spot");
        assertThat(scheduler.shape()).as("the scheduler's shape").isNotNull().satisfies(shape -> {
            assertThat(shape.instanceType()).isEqualTo(describe(scheduler.instanceId()).instanceTypeAsString());
            assertThat(shape.region()).isEqualTo(MotoServer.REGION);
            assertThat(shape.purchase()).isEqualTo(InstanceShape.ON_DEMAND);
        });
        InstanceTypeInfo workerType = typeOf(describe(worker1.instanceId()));
        assertThat(worker1.shape()).as("the worker's shape").isEqualTo(new InstanceShape(workerType.instanceTypeAsString(),
                MotoServer.REGION, InstanceShape.SPOT, workerType.vCpuInfo().defaultVCpus(),
                workerType.memoryInfo().sizeInMiB() * 1024 * 1024, 0));
        assertThat(raw.describeVolumes(b -> b.filters(tag(ResourceTags.CLUSTER, cluster))).volumes()).hasSize(3);

        List<ObservedInstance> seen = provider.list(Map.of(ResourceTags.APPLIANCE, APPLIANCE, ResourceTags.CLUSTER, cluster));
        assertThat(seen).extracting(ObservedInstance::instanceId)
                .containsExactlyInAnyOrder(scheduler.instanceId(), worker1.instanceId(), worker2.instanceId());
        assertThat(seen).allSatisfy(o -> {
            assertThat(o.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(o.launchedAt()).isNotNull();
            assertThat(o.privateAddress()).isNotBlank();
        });
        assertThat(seen).filteredOn(o -> o.instanceId().equals(scheduler.instanceId()))
                .singleElement().satisfies(o -> assertThat(o.role()).isEqualTo(InstanceRole.SCHEDULER));
        assertThat(templates(cluster)).hasSize(2);

        provider.terminate(List.of(worker1.instanceId()));
        assertThat(templates(cluster)).hasSize(2);
        provider.terminate(List.of(scheduler.instanceId(), worker2.instanceId()));
        assertThat(provider.list(Map.of(ResourceTags.CLUSTER, cluster)))
                .allSatisfy(o -> assertThat(o.state()).isEqualTo(InstanceState.TERMINATED));
        assertThat(templates(cluster)).isEmpty();
    }

    @Test
    void sameIdempotencyKeyTwiceStartsOneInstance() {
        Ec2ComputeProvider provider = provider();
        String cluster = UUID.randomUUID().toString();
        LaunchRequest request = request(cluster, InstanceRole.WORKER, "worker-1", "fbt_once");
        LaunchedInstance first = provider.launch(request);
        LaunchedInstance second = provider.launch(request);
        assertThat(second.instanceId()).isEqualTo(first.instanceId());
        assertThat(second.shape()).as("the shape of the instance found again").isEqualTo(first.shape()).isNotNull();
        assertThat(raw.describeInstances(b -> b.filters(tag(ResourceTags.CLUSTER, cluster))).reservations().stream()
                .mapToLong(r -> r.instances().size()).sum()).isEqualTo(1);
    }

    @Test
    void noCapacityInTheFirstPoolStartsTheInstanceInTheNext() {
        config.setInstanceTypes(List.of("m5.large", "m5.xlarge"));
        faults.fail("m5.large");
        Ec2ComputeProvider provider = provider();
        LaunchedInstance worker = provider.launch(request(UUID.randomUUID().toString(), InstanceRole.WORKER, "worker-1", "fbt_x"));
        Instance instance = describe(worker.instanceId());
        assertThat(instance.instanceTypeAsString()).isEqualTo("m5.xlarge");
        assertThat(instance.instanceLifecycleAsString()).isEqualTo("spot");
    }

    @Test
    void noCapacityAnywhereFailsNamingEveryPoolAndStartsNothing() {
        config.setInstanceTypes(List.of("m5.large", "m5.xlarge"));
        faults.fail("m5.large", "m5.xlarge");
        Ec2ComputeProvider provider = provider();
        assertThatThrownBy(() -> provider.launch(request(UUID.randomUUID().toString(), InstanceRole.WORKER, "worker-1", "fbt_y")))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo("capacity_unavailable");
                    for (String purchase : List.of("spot", "on-demand")) {
                        for (String type : List.of("m5.large", "m5.xlarge")) {
                            for (String subnet : subnets) {
                                assertThat(e.getMessage()).contains(purchase + " " + type + " in " + subnet
                                        + ": InsufficientInstanceCapacity");
                            }
                        }
                    }
                });
        assertThat(raw.describeInstances().reservations()).isEmpty();
    }

    @Test
    void untaggedAndForeignInstancesAreNeverListedOrTerminated() {
        Ec2ComputeProvider provider = provider();
        String image = raw.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        String untagged = raw.runInstances(b -> b.imageId(image).minCount(1).maxCount(1)).instances().get(0).instanceId();
        String foreign = raw.runInstances(b -> b.imageId(image).minCount(1).maxCount(1).tagSpecifications(t -> t
                .resourceType("instance").tags(Tag.builder().key(ResourceTags.APPLIANCE).value("another-appliance").build(),
                        Tag.builder().key(ResourceTags.CLUSTER).value("c-foreign").build()))).instances().get(0).instanceId();

        assertThat(provider.list(Map.of(ResourceTags.APPLIANCE, APPLIANCE))).isEmpty();
        provider.terminate(List.of(untagged, foreign, "i-0000000000unknown"));
        assertThat(describe(untagged).state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(describe(foreign).state().name()).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void armWorkersRunOnGravitonTypesWithTheArm64ImageWhileTheirSchedulerStaysX86() {
        Ec2ComputeProvider provider = provider();
        String cluster = UUID.randomUUID().toString();
        InstanceSize arm = new InstanceSize(2, 4L * 1024 * 1024 * 1024, null, true);
        LaunchedInstance scheduler = provider.launch(request(cluster, InstanceRole.SCHEDULER, "scheduler", "fbt_s", arm));
        LaunchedInstance worker = provider.launch(request(cluster, InstanceRole.WORKER, "worker-1", "fbt_arm", arm));

        String armImage = ssmImage(AwsProviderConfig.AL2023_ARM64_PARAMETER);
        String x86Image = ssmImage(AwsProviderConfig.AL2023_X86_64_PARAMETER);
        assertThat(armImage).isNotEqualTo(x86Image);
        Instance armInstance = describe(worker.instanceId());
        assertThat(architectures(armInstance.instanceTypeAsString())).containsExactly("arm64");
        assertThat(armInstance.imageId()).isEqualTo(armImage);
        assertThat(templateImage(cluster, "worker")).isEqualTo(armImage);
        Instance schedulerInstance = describe(scheduler.instanceId());
        assertThat(schedulerInstance.instanceTypeAsString()).isEqualTo(config.getSchedulerInstanceType());
        assertThat(templateImage(cluster, "scheduler")).isEqualTo(x86Image);
        assertThat(schedulerInstance.imageId()).isEqualTo(x86Image);
    }

    @Test
    void configuredArm64ImageIdWinsOverTheParameter() {
        String image = raw.describeImages(b -> b.owners("amazon")).images().stream()
                .filter(i -> "arm64".equals(i.architectureAsString())).findFirst().orElseThrow().imageId();
        config.setImageIdArm64(image);
        String cluster = UUID.randomUUID().toString();
        LaunchedInstance worker = provider().launch(request(cluster, InstanceRole.WORKER, "worker-1",
                "fbt_img", new InstanceSize(2, null, null, true)));
        assertThat(templateImage(cluster, "worker")).isEqualTo(image);
        assertThat(describe(worker.instanceId()).imageId()).isEqualTo(image);
    }

    @Test
    void gpuWorkersRunOnTypesWithThatManyNvidiaGpusAndOthersNeverOnGpuTypes() {
        Ec2ComputeProvider provider = provider();
        String cluster = UUID.randomUUID().toString();
        LaunchedInstance gpu = provider.launch(request(cluster, InstanceRole.WORKER, "worker-1", "fbt_gpu",
                new InstanceSize(4, 16L * 1024 * 1024 * 1024, 1, false)));
        LaunchedInstance plain = provider.launch(request(cluster, InstanceRole.WORKER, "worker-2", "fbt_cpu",
                new InstanceSize(4, 16L * 1024 * 1024 * 1024)));

        InstanceTypeInfo gpuType = typeOf(describe(gpu.instanceId()));
        assertThat(InstanceTypeCatalog.nvidiaGpus(gpuType)).as(gpuType.instanceTypeAsString()).isGreaterThanOrEqualTo(1);
        assertThat(gpuType.processorInfo().supportedArchitecturesAsStrings()).contains("x86_64");
        assertThat(typeOf(describe(plain.instanceId())).gpuInfo()).isNull();
        assertThat(gpu.shape().instanceType()).isEqualTo(gpuType.instanceTypeAsString());
        assertThat(gpu.shape().gpus()).isEqualTo(InstanceTypeCatalog.nvidiaGpus(gpuType));
        assertThat(gpu.shape().vcpus()).isEqualTo(gpuType.vCpuInfo().defaultVCpus()).isGreaterThanOrEqualTo(4);
        assertThat(plain.shape().gpus()).isZero();
    }

    private String ssmImage(String parameter) {
        return MOTO.clients().ssm(MotoServer.REGION).getParameter(b -> b.name(parameter)).parameter().value();
    }

    /** The image of the newest version of the cluster's template for the role (one version per instance). */
    private String templateImage(String cluster, String role) {
        return raw.describeLaunchTemplateVersions(b -> b.launchTemplateName(Ec2LaunchTemplates.name(cluster, role))
                        .versions("$Latest")).launchTemplateVersions().get(0).launchTemplateData().imageId();
    }

    private InstanceTypeInfo typeOf(Instance instance) {
        return raw.describeInstanceTypes(b -> b.instanceTypesWithStrings(instance.instanceTypeAsString())).instanceTypes().get(0);
    }

    private List<String> architectures(String type) {
        return raw.describeInstanceTypes(b -> b.instanceTypesWithStrings(type)).instanceTypes().get(0)
                .processorInfo().supportedArchitecturesAsStrings();
    }

    private LaunchRequest request(String cluster, InstanceRole role, String name, String token) {
        return request(cluster, role, name, token, new InstanceSize(2, 4L * 1024 * 1024 * 1024));
    }

    private LaunchRequest request(String cluster, InstanceRole role, String name, String token, InstanceSize size) {
        String key = UUID.randomUUID().toString();
        return new LaunchRequest(key, "c-" + name, role, size,
                Map.of(ResourceTags.APPLIANCE, APPLIANCE, ResourceTags.WORKSPACE, "team-a", ResourceTags.CLUSTER, cluster,
                        ResourceTags.ROLE, ResourceTags.roleValue(role), ResourceTags.INSTANCE, key),
                new AgentBoot(APPLIANCE_URL, token + "_" + UUID.randomUUID().toString().replace("-", "")));
    }

    private Instance describe(String instanceId) {
        return raw.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private List<String> templates(String cluster) {
        return raw.describeLaunchTemplates(b -> b.filters(tag(ResourceTags.CLUSTER, cluster))).launchTemplates().stream()
                .map(t -> t.launchTemplateName()).toList();
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }
}
