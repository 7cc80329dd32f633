package io.flotilla.provider.local;

import io.flotilla.config.FlotillaConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where local instances live on disk: {@code <data-dir>/local/instances/<instanceId>.json} (registry entry)
 * and {@code <data-dir>/local/instances/<instanceId>/} (working directory with {@code agent.log}).
 */
@Singleton
public class LocalInstancePaths {
    /** Name of the file that receives an instance's stdout and stderr. */
    public static final String AGENT_LOG = "agent.log";
    /** The agent's own directory inside an instance's: key files (0600) and the Dask configuration. */
    public static final String AGENT_WORKDIR = "agent";
    private static final Pattern INSTANCE_ID = Pattern.compile("local-[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path root;

    @Inject
    public LocalInstancePaths(FlotillaConfig config) {
        this(config.getDataDir());
    }

    public LocalInstancePaths(Path dataDir) {
        this.root = dataDir.toAbsolutePath().resolve("local").resolve("instances");
    }

    /** A fresh instance id, e.g. {@code local-3f9c0a1b2c3d4e5f}. */
    public static String newInstanceId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "local-" + HexFormat.of().formatHex(bytes);
    }

    /** True for ids this provider hands out; anything else (including path tricks) is never a local instance. */
    public static boolean isInstanceId(String id) {
        return id != null && INSTANCE_ID.matcher(id).matches();
    }

    public Path root() {
        return root;
    }

    /** The instance's working directory, or empty when {@code instanceId} is not a local instance id. */
    public Optional<Path> instanceDir(String instanceId) {
        return isInstanceId(instanceId) ? Optional.of(root.resolve(instanceId)) : Optional.empty();
    }

    public Optional<Path> recordFile(String instanceId) {
        return isInstanceId(instanceId) ? Optional.of(root.resolve(instanceId + ".json")) : Optional.empty();
    }

    public Optional<Path> agentLog(String instanceId) {
        return instanceDir(instanceId).map(dir -> dir.resolve(AGENT_LOG));
    }
}
