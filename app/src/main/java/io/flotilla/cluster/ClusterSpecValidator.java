package io.flotilla.cluster;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a user's create options into a {@link ClusterSpec}, or a clear 400 naming the field. */
@Singleton
public class ClusterSpecValidator {
    /** A size such as "4GiB" or "512 MB" (binary units for *iB, decimal for *B); also the OpenAPI pattern. */
    public static final String MEMORY_PATTERN = "^ *([0-9]+(?:\\.[0-9]+)?) *([KkMmGgTt][Ii]?[Bb]|[Bb])? *$";
    /** A software name has a character other than ASCII white space (the same in Java and in OpenAPI's regexes). */
    public static final String SOFTWARE_PATTERN = "[^ \\t\\n\\r\\f\\x0B]";
    /** The longest idle, no-client and lifetime timeout, in seconds (31 days). */
    public static final String MAX_TIMEOUT = "2678400";
    private static final Pattern MEMORY = Pattern.compile(MEMORY_PATTERN);
    private static final Pattern SOFTWARE = Pattern.compile(SOFTWARE_PATTERN);
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final int MAX_MAP_ENTRIES = 64;
    private static final long MAX_TIMEOUT_SECONDS = Long.parseLong(MAX_TIMEOUT);
    /** How workers may be bought; the AWS provider's {@code SpotPolicy} knows the same names. */
    public static final List<String> SPOT_POLICIES = List.of("on-demand", "spot", "spot_with_fallback");
    /** GPUs one worker may ask for, at most (the largest EC2 GPU instances have 16). */
    public static final int MAX_WORKER_GPU = 16;
    private final ClusterSettings settings;

    public ClusterSpecValidator(ClusterSettings settings) {
        this.settings = settings;
    }

    /** The options a user may send; null means "the default". */
    public record Options(@Nullable Integer nWorkers, @Nullable Integer workerCpu, @Nullable String workerMemory,
                          @Nullable Integer workerThreads, @Nullable String software, @Nullable Long idleTimeoutSeconds,
                          @Nullable Long noClientTimeoutSeconds, @Nullable Long maxLifetimeSeconds,
                          @Nullable Map<String, String> environ, @Nullable Map<String, String> tags,
                          @Nullable String spotPolicy, @Nullable Integer workerGpu, @Nullable Boolean arm) {
        /** Options of x86_64 workers without GPUs. */
        public Options(@Nullable Integer nWorkers, @Nullable Integer workerCpu, @Nullable String workerMemory,
                       @Nullable Integer workerThreads, @Nullable String software, @Nullable Long idleTimeoutSeconds,
                       @Nullable Long noClientTimeoutSeconds, @Nullable Long maxLifetimeSeconds,
                       @Nullable Map<String, String> environ, @Nullable Map<String, String> tags,
                       @Nullable String spotPolicy) {
            this(nWorkers, workerCpu, workerMemory, workerThreads, software, idleTimeoutSeconds, noClientTimeoutSeconds,
                    maxLifetimeSeconds, environ, tags, spotPolicy, null, null);
        }

        /** Options with the appliance's default spot policy. */
        public Options(@Nullable Integer nWorkers, @Nullable Integer workerCpu, @Nullable String workerMemory,
                       @Nullable Integer workerThreads, @Nullable String software, @Nullable Long idleTimeoutSeconds,
                       @Nullable Long noClientTimeoutSeconds, @Nullable Long maxLifetimeSeconds,
                       @Nullable Map<String, String> environ, @Nullable Map<String, String> tags) {
            this(nWorkers, workerCpu, workerMemory, workerThreads, software, idleTimeoutSeconds, noClientTimeoutSeconds,
                    maxLifetimeSeconds, environ, tags, null, null, null);
        }
    }

    public ClusterSpec validate(Options o) {
        int workers = workerCount("nWorkers", o.nWorkers() == null ? 4 : o.nWorkers());
        if (o.workerCpu() != null && (o.workerCpu() < 1 || o.workerCpu() > 448)) {
            throw ServiceException.invalid("workerCpu", "workerCpu must be between 1 and 448.");
        }
        if (o.workerThreads() != null && (o.workerThreads() < 1 || o.workerThreads() > 512)) {
            throw ServiceException.invalid("workerThreads", "workerThreads must be between 1 and 512.");
        }
        if (o.software() != null && (!SOFTWARE.matcher(o.software()).find() || o.software().length() > 255)) {
            throw ServiceException.invalid("software", "software must be the name of a software environment (at most 255 characters).");
        }
        if (o.spotPolicy() != null && !SPOT_POLICIES.contains(o.spotPolicy())) {
            throw ServiceException.invalid("spotPolicy", "spotPolicy must be one of " + String.join(", ", SPOT_POLICIES)
                    + " (or left out for the appliance's default), not '" + abbreviate(o.spotPolicy()) + "'.");
        }
        if (o.workerGpu() != null && (o.workerGpu() < 0 || o.workerGpu() > MAX_WORKER_GPU)) {
            throw ServiceException.invalid("workerGpu", "workerGpu must be between 0 and " + MAX_WORKER_GPU
                    + " GPUs per worker, not " + o.workerGpu() + ".");
        }
        Integer gpu = o.workerGpu() == null || o.workerGpu() == 0 ? null : o.workerGpu();
        return new ClusterSpec(workers, o.workerCpu(), o.workerMemory() == null ? null : memoryBytes(o.workerMemory()),
                o.workerThreads(), o.software(),
                seconds("idleTimeoutSeconds", o.idleTimeoutSeconds(), settings.getIdleTimeout().toSeconds()),
                seconds("noClientTimeoutSeconds", o.noClientTimeoutSeconds(), settings.getNoClientTimeout().toSeconds()),
                o.maxLifetimeSeconds() == null ? null : seconds("maxLifetimeSeconds", o.maxLifetimeSeconds(), 0),
                map("environ", o.environ(), true), map("tags", o.tags(), false), o.spotPolicy(),
                gpu, Boolean.TRUE.equals(o.arm()));
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    /** Checks a worker count against 0..max-workers. */
    public int workerCount(String field, int n) {
        if (n < 0 || n > settings.getMaxWorkers()) {
            throw ServiceException.invalid(field, field + " must be between 0 and " + settings.getMaxWorkers() + ", not " + n + ".");
        }
        return n;
    }

    /** Parses "4GiB", "512 MB", "2G"-style sizes (binary units for *iB, decimal for *B). */
    static long memoryBytes(String text) {
        Matcher m = MEMORY.matcher(text);
        if (!m.matches()) {
            throw ServiceException.invalid("workerMemory", "workerMemory '" + text + "' is not a size such as \"4GiB\" or \"512MB\".");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        double factor = switch (unit) {
            case "KB" -> 1e3; case "MB" -> 1e6; case "GB" -> 1e9; case "TB" -> 1e12;
            case "KIB" -> 1024d; case "MIB" -> 1024d * 1024; case "GIB" -> 1024d * 1024 * 1024;
            case "TIB" -> 1024d * 1024 * 1024 * 1024; default -> 1;
        };
        double bytes = value * factor;
        if (bytes < 64e6 || bytes > 24e12) {
            throw ServiceException.invalid("workerMemory", "workerMemory must be between 64MB and 24TB, not '" + text + "'.");
        }
        return (long) bytes;
    }

    private static long seconds(String field, @Nullable Long value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > MAX_TIMEOUT_SECONDS) {
            throw ServiceException.invalid(field, field + " must be between 1 and " + MAX_TIMEOUT_SECONDS + " seconds.");
        }
        return value;
    }

    private static Map<String, String> map(String field, @Nullable Map<String, String> values, boolean envNames) {
        if (values == null) {
            return Map.of();
        }
        if (values.size() > MAX_MAP_ENTRIES) {
            throw ServiceException.invalid(field, field + " may have at most " + MAX_MAP_ENTRIES + " entries.");
        }
        values.forEach((k, v) -> {
            if (k == null || v == null || k.length() > 128 || v.length() > 4096 || (envNames && !ENV_NAME.matcher(k).matches())) {
                throw ServiceException.invalid(field, field + " entry '" + k + "' is not valid (names: letters, digits, _; values up to 4096 characters).");
            }
        });
        return Map.copyOf(values);
    }
}
