package io.flotilla.provider.aws;

import io.flotilla.provider.InstanceSize;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choosing worker types from a real DescribeInstanceTypes answer (moto ships EC2's instance type data). */
class InstanceTypeCatalogTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final long GIB = 1024L * 1024 * 1024;

    final AtomicInteger ec2Lookups = new AtomicInteger();

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    InstanceTypeCatalog catalog(List<String> explicit) {
        AwsClients clients = MOTO.clients(RECORDER);
        Function<String, Ec2Client> ec2 = region -> {
            ec2Lookups.incrementAndGet();
            return clients.ec2(region, clients.defaultCredentials());
        };
        return new InstanceTypeCatalog(explicit, ec2);
    }

    Map<String, InstanceTypeInfo> described(List<String> names) {
        return MOTO.clients().ec2(MotoServer.REGION).describeInstanceTypes(b -> b.instanceTypesWithStrings(names))
                .instanceTypes().stream().collect(Collectors.toMap(InstanceTypeInfo::instanceTypeAsString, t -> t));
    }

    @Test
    void withoutGpusOnlyX86TypesWithoutAcceleratorsSmallestFirst() {
        List<String> chosen = catalog(List.of()).choose(MotoServer.REGION, new InstanceSize(4, 16 * GIB), false);
        assertThat(chosen).hasSizeBetween(1, InstanceTypeCatalog.MAX_TYPES);
        Map<String, InstanceTypeInfo> info = described(chosen);
        assertThat(chosen).allSatisfy(name -> {
            InstanceTypeInfo type = info.get(name);
            assertThat(type.gpuInfo()).as(name + " has no GPU").isNull();
            assertThat(type.fpgaInfo()).as(name).isNull();
            assertThat(type.inferenceAcceleratorInfo()).as(name).isNull();
            assertThat(type.neuronInfo()).as(name).isNull();
            assertThat(type.processorInfo().supportedArchitecturesAsStrings()).as(name).contains("x86_64");
            assertThat(type.vCpuInfo().defaultVCpus()).as(name).isGreaterThanOrEqualTo(4);
            assertThat(type.memoryInfo().sizeInMiB()).as(name).isGreaterThanOrEqualTo(16 * 1024L);
        });
        List<Long> order = chosen.stream().map(name -> info.get(name).vCpuInfo().defaultVCpus() * 1_000_000L
                + info.get(name).memoryInfo().sizeInMiB()).toList();
        assertThat(order).as("smallest first by vCPUs, then memory").isSorted();
    }

    @Test
    void armChoosesGravitonTypes() {
        List<String> chosen = catalog(List.of()).choose(MotoServer.REGION, new InstanceSize(2, 4 * GIB, null, true), false);
        assertThat(chosen).isNotEmpty();
        assertThat(described(chosen).values()).allSatisfy(type -> {
            assertThat(type.processorInfo().supportedArchitecturesAsStrings()).containsExactly("arm64");
            assertThat(type.gpuInfo()).isNull();
        });
    }

    @Test
    void gpusChooseTypesWithAtLeastThatManyWholeNvidiaGpusFewestFirst() {
        InstanceTypeCatalog catalog = catalog(List.of());
        List<String> one = catalog.choose(MotoServer.REGION, new InstanceSize(null, null, 1, false), true);
        Map<String, InstanceTypeInfo> info = described(one);
        assertThat(one).isNotEmpty().allSatisfy(name -> {
            assertThat(InstanceTypeCatalog.nvidiaGpus(info.get(name))).as(name).isGreaterThanOrEqualTo(1);
            assertThat(info.get(name).processorInfo().supportedArchitecturesAsStrings()).as(name).contains("x86_64");
        });
        assertThat(one).as("fractional-GPU types (g6f) have no whole GPU").noneMatch(name -> name.startsWith("g6f."));
        assertThat(one.stream().map(name -> InstanceTypeCatalog.nvidiaGpus(info.get(name))).toList()).isSorted();

        List<String> four = catalog.choose(MotoServer.REGION, new InstanceSize(null, null, 4, false), false);
        Map<String, InstanceTypeInfo> fourInfo = described(four);
        assertThat(four).isNotEmpty().allSatisfy(name ->
                assertThat(InstanceTypeCatalog.nvidiaGpus(fourInfo.get(name))).as(name).isGreaterThanOrEqualTo(4));

        List<String> armGpu = catalog.choose(MotoServer.REGION, new InstanceSize(null, null, 1, true), false);
        assertThat(armGpu).as("Graviton with NVIDIA T4g").isNotEmpty().allMatch(name -> name.startsWith("g5g."));
    }

    @Test
    void nothingFitsNamesWhatWasAsked() {
        InstanceTypeCatalog catalog = catalog(List.of());
        assertThatThrownBy(() -> catalog.choose(MotoServer.REGION, new InstanceSize(2, 4 * GIB, 16, true), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No EC2 instance type in us-east-1 fits a worker of 2 vCPUs, 4096 MiB of memory, 16 NVIDIA GPUs"
                        + " on arm64.");
        assertThatThrownBy(() -> catalog.choose(MotoServer.REGION, new InstanceSize(448, null), true))
                .hasMessageContaining("448 vCPUs").hasMessageContaining("no GPU on x86_64 that can run as spot");
    }

    @Test
    void typesAreFetchedOncePerRegionAndArchitecture() {
        InstanceTypeCatalog catalog = catalog(List.of());
        catalog.choose(MotoServer.REGION, new InstanceSize(2, null), false);
        catalog.choose(MotoServer.REGION, new InstanceSize(8, null, 1, false), false);
        assertThat(ec2Lookups).hasValue(1);
        catalog.choose(MotoServer.REGION, new InstanceSize(2, null, null, true), false);
        assertThat(ec2Lookups).hasValue(2);
    }

    @Test
    void anExplicitListIsNarrowedToTheArchitectureAndGpusInItsOwnOrder() {
        InstanceTypeCatalog catalog = catalog(List.of("m5.xlarge", "m7g.large", "g4dn.xlarge", "m5.large"));
        assertThat(catalog.choose(MotoServer.REGION, new InstanceSize(2, null), false))
                .containsExactly("m5.xlarge", "g4dn.xlarge", "m5.large");
        assertThat(catalog.choose(MotoServer.REGION, new InstanceSize(2, null, null, true), false)).containsExactly("m7g.large");
        assertThat(catalog.choose(MotoServer.REGION, new InstanceSize(2, null, 1, false), false)).containsExactly("g4dn.xlarge");
        assertThatThrownBy(() -> catalog.choose(MotoServer.REGION, new InstanceSize(2, null, 1, true), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m5.xlarge, m7g.large, g4dn.xlarge, m5.large").hasMessageContaining("arm64 with 1 NVIDIA GPU");
    }
}
