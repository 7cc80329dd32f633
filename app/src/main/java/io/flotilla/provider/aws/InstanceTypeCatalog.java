package io.flotilla.provider.aws;

import io.flotilla.provider.InstanceSize;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.UsageClassType;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Chooses worker instance types for a size, from {@code DescribeInstanceTypes} (fetched once per region and
 * architecture, then kept in memory):
 * <ul>
 *   <li>the architecture is {@code arm64} (Graviton) when the size asks for ARM, else {@code x86_64};</li>
 *   <li>without GPUs: the smallest current-generation types with at least the asked vCPUs and memory, no
 *       burstable, bare-metal, GPU, FPGA, inference (Inferentia/Neuron) or media-accelerator types;</li>
 *   <li>with GPUs: the same, but only types with at least that many whole NVIDIA GPUs (fractional GPUs
 *       do not count);</li>
 *   <li>smallest first by (GPUs, vCPUs, memory), at most {@link #MAX_TYPES}.</li>
 * </ul>
 * An explicit list from configuration replaces the choice by size; it is only narrowed to the types of the
 * asked architecture with at least the asked GPUs, in the configured order.
 */
public class InstanceTypeCatalog {
    /** Instance types offered to one fleet request, at most. */
    public static final int MAX_TYPES = 5;
    /** EC2's name of 64-bit ARM. */
    public static final String ARM64 = "arm64";
    /** EC2's name of 64-bit x86. */
    public static final String X86_64 = "x86_64";
    static final int DEFAULT_CPU = 2;
    private static final long MIB = 1024L * 1024L;

    private final List<String> explicitTypes;
    private final Function<String, Ec2Client> ec2;
    private final Map<String, List<InstanceTypeInfo>> byRegionAndArchitecture = new ConcurrentHashMap<>();
    private final Map<String, List<InstanceTypeInfo>> explicitByRegion = new ConcurrentHashMap<>();
    private final Map<String, InstanceTypeInfo> byName = new ConcurrentHashMap<>();

    public InstanceTypeCatalog(List<String> explicitTypes, Function<String, Ec2Client> ec2) {
        this.explicitTypes = List.copyOf(explicitTypes);
        this.ec2 = ec2;
    }

    /** The architecture of instances of this size: {@link #ARM64} or {@link #X86_64}. */
    public static String architecture(InstanceSize size) {
        return size != null && size.arm() ? ARM64 : X86_64;
    }

    /** Types for a worker of this size, smallest first; IllegalArgumentException naming what was asked when none fits. */
    public List<String> choose(String region, InstanceSize size, boolean spot) {
        String architecture = architecture(size);
        int gpu = size == null ? 0 : size.gpuCount();
        if (!explicitTypes.isEmpty()) {
            return chooseExplicit(region, architecture, gpu);
        }
        int cpu = size == null || size.cpu() == null ? DEFAULT_CPU : size.cpu();
        long memoryMib = size == null || size.memoryBytes() == null ? 0 : (size.memoryBytes() + MIB - 1) / MIB;
        Predicate<InstanceTypeInfo> gpus = gpu == 0 ? type -> type.gpuInfo() == null : type -> nvidiaGpus(type) >= gpu;
        List<String> fitting = byRegionAndArchitecture.computeIfAbsent(region + "/" + architecture,
                        key -> fetch(region, architecture)).stream()
                .filter(type -> type.vCpuInfo().defaultVCpus() >= cpu && type.memoryInfo().sizeInMiB() >= memoryMib)
                .filter(gpus)
                .filter(type -> !spot || type.supportedUsageClasses().contains(UsageClassType.SPOT))
                .sorted(Comparator.comparingInt(InstanceTypeCatalog::nvidiaGpus)
                        .thenComparing(type -> type.vCpuInfo().defaultVCpus())
                        .thenComparing(type -> type.memoryInfo().sizeInMiB())
                        .thenComparing(InstanceTypeInfo::instanceTypeAsString))
                .limit(MAX_TYPES)
                .map(InstanceTypeInfo::instanceTypeAsString)
                .toList();
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException("No EC2 instance type in " + region + " fits a worker of " + cpu
                    + " vCPUs, " + memoryMib + " MiB of memory, " + gpuText(gpu) + " on " + architecture
                    + (spot ? " that can run as spot" : "") + ".");
        }
        return fitting;
    }

    /** What an instance of the type has (vCPUs, memory, whole NVIDIA GPUs), described once per region and type. */
    public InstanceTypeInfo describe(String region, String instanceType) {
        return byName.computeIfAbsent(region + "/" + instanceType, key -> ec2.apply(region)
                .describeInstanceTypes(b -> b.instanceTypesWithStrings(instanceType)).instanceTypes().stream()
                .findFirst().orElseThrow(() -> new IllegalStateException("EC2 does not describe the instance type "
                        + instanceType + " in " + region)));
    }

    private List<String> chooseExplicit(String region, String architecture, int gpu) {
        List<InstanceTypeInfo> described = explicitByRegion.computeIfAbsent(region, r -> ec2.apply(r)
                .describeInstanceTypesPaginator(b -> b.instanceTypesWithStrings(explicitTypes)).instanceTypes().stream()
                .toList());
        List<String> fitting = explicitTypes.stream()
                .filter(name -> described.stream().anyMatch(type -> type.instanceTypeAsString().equals(name)
                        && type.processorInfo() != null && type.processorInfo().supportedArchitecturesAsStrings().contains(architecture)
                        && nvidiaGpus(type) >= gpu))
                .toList();
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException("None of the configured worker instance types (" + String.join(", ", explicitTypes)
                    + ") runs " + architecture + " with " + gpuText(gpu) + " (flotilla.aws.instance-types).");
        }
        return fitting;
    }

    private List<InstanceTypeInfo> fetch(String region, String architecture) {
        return ec2.apply(region).describeInstanceTypesPaginator(b -> b.filters(
                        filter("current-generation", "true"),
                        filter("processor-info.supported-architecture", architecture),
                        filter("burstable-performance-supported", "false"),
                        filter("bare-metal", "false")))
                .instanceTypes().stream()
                .filter(type -> type.fpgaInfo() == null && type.inferenceAcceleratorInfo() == null
                        && type.neuronInfo() == null && type.mediaAcceleratorInfo() == null)
                .filter(type -> type.gpuInfo() == null || type.gpuInfo().gpus().stream()
                        .allMatch(g -> "NVIDIA".equalsIgnoreCase(g.manufacturer())))
                .filter(type -> type.vCpuInfo() != null && type.memoryInfo() != null)
                .toList();
    }

    /** Whole NVIDIA GPUs of a type (0 without GPUs, or with only fractions of one). */
    static int nvidiaGpus(InstanceTypeInfo type) {
        if (type.gpuInfo() == null) {
            return 0;
        }
        return type.gpuInfo().gpus().stream().filter(g -> "NVIDIA".equalsIgnoreCase(g.manufacturer()))
                .map(GpuDeviceInfo::count).filter(count -> count != null).mapToInt(Integer::intValue).sum();
    }

    private static String gpuText(int gpu) {
        return gpu == 0 ? "no GPU" : gpu + " NVIDIA GPU" + (gpu == 1 ? "" : "s");
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
