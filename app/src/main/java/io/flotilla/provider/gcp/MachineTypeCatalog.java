package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.AcceleratorType;
import com.google.cloud.compute.v1.MachineType;
import io.flotilla.provider.InstanceSize;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses a worker's machine type in a zone from the zone's {@code machineTypes.list} (kept for a TTL):
 * <ul>
 *   <li>x86_64 without GPUs: {@code e2}, {@code n2}, {@code n2d} standard/highmem/highcpu types; arm64:
 *       {@code t2a}, {@code c4a}; no shared-core, custom or deprecated types;</li>
 *   <li>GPUs: an {@code n1} type with the configured accelerator ({@code nvidia-tesla-t4}) attached as
 *       {@code guestAccelerators} (at most {@link #MAX_GPUS}), in zones whose {@code acceleratorTypes.list} offers
 *       it with that many cards per VM (also kept for the TTL);</li>
 *   <li>the smallest that fits by (vCPUs, memory, family order above).</li>
 * </ul>
 * An explicit list from configuration replaces the families: the first listed type of the zone that fits.
 */
public class MachineTypeCatalog {
    /** GPUs of one accelerator type attachable to an N1 VM, at most. */
    public static final int MAX_GPUS = 4;
    static final int DEFAULT_CPU = 2;
    private static final long MIB = 1024L * 1024L;
    private static final List<String> X86_FAMILIES = List.of("e2", "n2", "n2d");
    private static final List<String> ARM_FAMILIES = List.of("t2a", "c4a");
    private static final List<String> GPU_FAMILIES = List.of("n1");
    private static final Pattern PREDEFINED = Pattern.compile("([a-z0-9]+)-(standard|highmem|highcpu)-\\d+");

    /** A machine type and what it carries. */
    public record Choice(String machineType, @Nullable String acceleratorType, int acceleratorCount) {
    }

    private record Cached<T>(List<T> items, Instant fetched) {
    }

    private final Function<String, List<MachineType>> fetch;
    private final Function<String, List<AcceleratorType>> fetchAccelerators;
    private final List<String> explicitTypes;
    private final String gpuAcceleratorType;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached<MachineType>> byZone = new ConcurrentHashMap<>();
    private final Map<String, Cached<AcceleratorType>> acceleratorsByZone = new ConcurrentHashMap<>();

    /**
     * @param fetch              the machine types of a zone (machineTypes.list)
     * @param fetchAccelerators  the accelerator types of a zone (acceleratorTypes.list), read only for GPU workers
     * @param explicitTypes      configured worker types, or empty to choose by family
     * @param gpuAcceleratorType the accelerator of GPU workers
     * @param ttl                how long a zone's list is kept
     */
    public MachineTypeCatalog(Function<String, List<MachineType>> fetch, Function<String, List<AcceleratorType>> fetchAccelerators,
                              List<String> explicitTypes,
                              String gpuAcceleratorType, Duration ttl, Clock clock) {
        this.fetch = fetch;
        this.fetchAccelerators = fetchAccelerators;
        this.explicitTypes = List.copyOf(explicitTypes);
        this.gpuAcceleratorType = gpuAcceleratorType;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The type for a worker of this size in the zone, or empty when none fits (with the reason in {@link #describe}). */
    public Optional<Choice> choose(String zone, @Nullable InstanceSize size) {
        int gpu = size == null ? 0 : size.gpuCount();
        if (gpu > MAX_GPUS || gpu > 0 && cached(acceleratorsByZone, zone, fetchAccelerators).stream()
                .noneMatch(a -> a.getName().equals(gpuAcceleratorType) && a.getMaximumCardsPerInstance() >= gpu)) {
            return Optional.empty();
        }
        boolean arm = size != null && size.arm();
        int cpu = size == null || size.cpu() == null ? DEFAULT_CPU : size.cpu();
        long memoryMib = size == null || size.memoryBytes() == null ? 0 : (size.memoryBytes() + MIB - 1) / MIB;
        List<String> families = gpu > 0 ? GPU_FAMILIES : arm ? ARM_FAMILIES : X86_FAMILIES;
        String architecture = arm ? "ARM64" : "X86_64";
        List<MachineType> types = types(zone);
        Optional<MachineType> chosen;
        if (!explicitTypes.isEmpty()) {
            chosen = explicitTypes.stream().flatMap(name -> types.stream().filter(t -> t.getName().equals(name)))
                    .filter(t -> fits(t, cpu, memoryMib) && architectureOf(t).equals(architecture)
                            && (gpu == 0 || family(t).equals("n1")))
                    .findFirst();
        } else {
            chosen = types.stream()
                    .filter(t -> families.contains(family(t)) && fits(t, cpu, memoryMib) && !t.getIsSharedCpu()
                            && !t.hasDeprecated() && architectureOf(t).equals(architecture))
                    .min(Comparator.comparingInt(MachineType::getGuestCpus).thenComparingInt(MachineType::getMemoryMb)
                            .thenComparingInt(t -> families.indexOf(family(t))));
        }
        return chosen.map(t -> new Choice(t.getName(), gpu > 0 ? gpuAcceleratorType : null, gpu));
    }

    /** The machine type of that name in the zone (from the zone's cached list), if the zone has it. */
    public Optional<MachineType> machineType(String zone, String name) {
        return types(zone).stream().filter(t -> t.getName().equals(name)).findFirst();
    }

    /** What was asked, in words, for an error naming it. */
    public static String describe(@Nullable InstanceSize size) {
        int gpu = size == null ? 0 : size.gpuCount();
        int cpu = size == null || size.cpu() == null ? DEFAULT_CPU : size.cpu();
        long memoryMib = size == null || size.memoryBytes() == null ? 0 : (size.memoryBytes() + MIB - 1) / MIB;
        return cpu + " vCPUs, " + memoryMib + " MiB of memory, " + (gpu == 0 ? "no GPU" : gpu + " GPU" + (gpu == 1 ? "" : "s"))
                + " on " + (size != null && size.arm() ? "arm64" : "x86_64")
                + (gpu > MAX_GPUS ? " (at most " + MAX_GPUS + " GPUs per VM)" : "");
    }

    private List<MachineType> types(String zone) {
        return cached(byZone, zone, fetch);
    }

    private <T> List<T> cached(Map<String, Cached<T>> cache, String zone, Function<String, List<T>> source) {
        Instant now = clock.instant();
        return cache.compute(zone, (z, cached) -> cached != null && cached.fetched().plus(ttl).isAfter(now)
                ? cached : new Cached<>(List.copyOf(source.apply(z)), now)).items();
    }

    private static boolean fits(MachineType type, int cpu, long memoryMib) {
        return type.getGuestCpus() >= cpu && type.getMemoryMb() >= memoryMib;
    }

    private static String family(MachineType type) {
        Matcher matcher = PREDEFINED.matcher(type.getName());
        return matcher.matches() ? matcher.group(1) : "";
    }

    /** Compute Engine reports the architecture of newer types; older x86 types leave it empty. */
    private static String architectureOf(MachineType type) {
        String architecture = type.getArchitecture();
        if (architecture == null || architecture.isEmpty() || architecture.equals("ARCHITECTURE_UNSPECIFIED")) {
            return ARM_FAMILIES.contains(family(type)) ? "ARM64" : "X86_64";
        }
        return architecture;
    }
}
