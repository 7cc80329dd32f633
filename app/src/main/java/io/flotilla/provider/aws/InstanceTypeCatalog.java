package io.flotilla.provider.aws;

import io.flotilla.provider.InstanceSize;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.UsageClassType;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Chooses worker instance types for a size: the explicit list from configuration, or else the smallest
 * current-generation x86_64 types (no burstable, bare-metal, GPU or FPGA types) with at least the asked
 * vCPUs and memory, at most {@link #MAX_TYPES}. The region's type list is fetched once and kept in memory.
 */
public class InstanceTypeCatalog {
    /** Instance types offered to one fleet request, at most. */
    public static final int MAX_TYPES = 5;
    static final int DEFAULT_CPU = 2;
    private static final long MIB = 1024L * 1024L;

    private final List<String> explicitTypes;
    private final Function<String, Ec2Client> ec2;
    private final Map<String, List<InstanceTypeInfo>> byRegion = new ConcurrentHashMap<>();

    public InstanceTypeCatalog(List<String> explicitTypes, Function<String, Ec2Client> ec2) {
        this.explicitTypes = List.copyOf(explicitTypes);
        this.ec2 = ec2;
    }

    /** Types for a worker of this size, smallest first; IllegalArgumentException when none fits. */
    public List<String> choose(String region, InstanceSize size, boolean spot) {
        if (!explicitTypes.isEmpty()) {
            return explicitTypes;
        }
        int cpu = size == null || size.cpu() == null ? DEFAULT_CPU : size.cpu();
        long memoryMib = size == null || size.memoryBytes() == null ? 0 : (size.memoryBytes() + MIB - 1) / MIB;
        List<String> fitting = byRegion.computeIfAbsent(region, this::fetch).stream()
                .filter(type -> type.vCpuInfo().defaultVCpus() >= cpu && type.memoryInfo().sizeInMiB() >= memoryMib)
                .filter(type -> !spot || type.supportedUsageClasses().contains(UsageClassType.SPOT))
                .sorted(Comparator.comparing((InstanceTypeInfo type) -> type.vCpuInfo().defaultVCpus())
                        .thenComparing(type -> type.memoryInfo().sizeInMiB())
                        .thenComparing(InstanceTypeInfo::instanceTypeAsString))
                .limit(MAX_TYPES)
                .map(InstanceTypeInfo::instanceTypeAsString)
                .toList();
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException("No EC2 instance type in " + region + " has " + cpu + " vCPUs and "
                    + memoryMib + " MiB of memory");
        }
        return fitting;
    }

    private List<InstanceTypeInfo> fetch(String region) {
        return ec2.apply(region).describeInstanceTypesPaginator(b -> b.filters(
                        filter("current-generation", "true"),
                        filter("processor-info.supported-architecture", "x86_64"),
                        filter("burstable-performance-supported", "false"),
                        filter("bare-metal", "false")))
                .instanceTypes().stream()
                .filter(type -> type.gpuInfo() == null && type.fpgaInfo() == null && type.inferenceAcceleratorInfo() == null)
                .filter(type -> type.vCpuInfo() != null && type.memoryInfo() != null)
                .toList();
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
