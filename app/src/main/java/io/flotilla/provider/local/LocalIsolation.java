package io.flotilla.provider.local;

import io.flotilla.config.FlotillaConfig;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.ResourceTags;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps local clusters' code away from the appliance's data and from each other (see
 * docs/architecture/local-isolation.md). When {@link LocalIsolationPolicy} says ISOLATED, every cluster gets its own
 * uid from {@code flotilla.local.run-as-uids} (or the run-as user's own uid when that is empty) and the run-as
 * account's group; instances start through {@code setpriv}; the data directory is restricted by
 * {@link DataDirAccess}; and before each start the instance's identity must be able to execute the interpreter and
 * reach its directory, else the launch fails with the reason. When OFF, it says so once at start, in
 * {@code /health} and on the console.
 */
@Singleton
public class LocalIsolation {
    private static final Logger LOG = LoggerFactory.getLogger(LocalIsolation.class);
    private final LocalIsolationPolicy policy;
    private final Optional<UidRange> uids;
    private final Path dataDir;
    private final Path instancesRoot;
    private volatile RunAsAccount account;
    private volatile String failure;

    @Inject
    public LocalIsolation(LocalProviderConfig config, FlotillaConfig flotilla) {
        this(config, flotilla.getDataDir(), effectiveUid(), System.getProperty("user.name"));
    }

    LocalIsolation(LocalProviderConfig config, Path dataDir, long euid, String ownUser) {
        this.policy = LocalIsolationPolicy.decide(euid, ownUser, config.getRunAs());
        this.uids = UidRange.parse(config.getRunAsUids());
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.instancesRoot = new LocalInstancePaths(this.dataDir).root();
    }

    /** This process as the appliance runs it: the decision follows from its real effective uid. */
    public static LocalIsolation forThisProcess(LocalProviderConfig config, Path dataDir) {
        return new LocalIsolation(config, dataDir, effectiveUid(), System.getProperty("user.name"));
    }

    public LocalIsolationPolicy policy() {
        return policy;
    }

    /** The notice the console shows on the clusters page while local clusters are not isolated. */
    public Optional<String> notice() {
        return policy.mode() == LocalIsolationPolicy.Mode.OFF
                ? Optional.of(LocalIsolationPolicy.NOT_ISOLATED) : Optional.empty();
    }

    /** One sentence on the current state, for {@code /health} details. */
    public String detail() {
        String error = failure;
        if (error != null) {
            return error;
        }
        RunAsAccount known = account;
        if (policy.isolated() && known != null) {
            return policy.sentence().replaceFirst("\\.$", "") + " (group " + known.gid() + "), "
                    + uids.map(range -> "each cluster with its own uid from " + range)
                    .orElse("every cluster as its uid " + known.uid()) + ".";
        }
        return policy.sentence();
    }

    /** Says once at start how local clusters run; prepares the account and the data directory when isolating. */
    @EventListener
    void onStartup(StartupEvent event) {
        switch (policy.mode()) {
            case OFF -> LOG.warn("Local cluster isolation is off: {} To isolate them, run the appliance as root "
                    + "(FLOTILLA_LOCAL_RUN_AS names the account, default {}).", policy.sentence(),
                    LocalIsolationPolicy.DEFAULT_ACCOUNT);
            case UNAVAILABLE -> LOG.error("Local clusters cannot start: {}", policy.sentence());
            case ISOLATED -> {
                try {
                    prepare();
                    LOG.info("Local cluster isolation: {}", detail());
                } catch (RuntimeException e) {
                    LOG.error("Local cluster isolation is not ready, local launches fail until it is: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * The identity a new instance of {@code tags}' cluster runs as, or null when isolation is off: the uid its
     * cluster already has in {@code known}, else the first uid of the range no registry entry and no process holds.
     *
     * @throws ServiceException when isolation is unavailable, the account cannot be had, or no uid is left
     */
    @Nullable
    InstanceIdentity identityFor(String instanceId, java.util.Map<String, String> tags, Collection<LocalInstanceRecord> known) {
        if (policy.mode() == LocalIsolationPolicy.Mode.OFF) {
            return null;
        }
        if (policy.mode() == LocalIsolationPolicy.Mode.UNAVAILABLE) {
            throw ServiceException.unavailable("local_isolation_unavailable", policy.sentence(), null);
        }
        RunAsAccount runAs = prepare();
        if (uids.isEmpty()) {
            return new InstanceIdentity(runAs.uid(), runAs.gid(), runAs.name());
        }
        String cluster = tags.getOrDefault(ResourceTags.CLUSTER, instanceId);
        Optional<Long> same = known.stream()
                .filter(record -> record.uid() != null && cluster.equals(record.tags().getOrDefault(ResourceTags.CLUSTER, record.instanceId())))
                .map(LocalInstanceRecord::uid).findFirst();
        if (same.isPresent()) {
            return new InstanceIdentity(same.get(), runAs.gid(), runAs.name());
        }
        Set<Long> held = known.stream().map(LocalInstanceRecord::uid).filter(Objects::nonNull).collect(Collectors.toSet());
        Set<Long> running = ProcStat.uidsOfRunningProcesses();
        long uid = uids.get().firstFree(candidate -> held.contains(candidate) || running.contains(candidate))
                .orElseThrow(() -> ServiceException.unavailable("local_uids_exhausted", "Every uid of "
                        + "flotilla.local.run-as-uids (" + uids.get() + ") is held by a local instance still on disk; "
                        + "widen the range or shorten flotilla.local.log-retention.", null));
        return new InstanceIdentity(uid, runAs.gid(), runAs.name());
    }

    /**
     * Checks, as {@code identity}, that the interpreter can be executed and the instance's directory entered and
     * written, so that a runtime it cannot reach fails the launch with the reason instead of an empty log.
     */
    void checkCanRun(InstanceIdentity identity, Path python, Path instanceDir) {
        Path real;
        try {
            real = python.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String who = "uid " + identity.uid() + " (group " + identity.gid() + ")";
        if (!asIdentity(identity, List.of("test", "-x", python.toString(), "-a", "-r", real.toString())).ok()) {
            throw ServiceException.unavailable("local_runtime_not_executable", "Local clusters run as " + who
                    + ", which cannot execute the interpreter " + python + (real.equals(python) ? "" : " (" + real + ")")
                    + ": every directory on its path must be searchable (x) and the file readable and executable by that "
                    + "user; move the runtime (FLOTILLA_LOCAL_PYTHON) to such a place, e.g. under /opt.", null);
        }
        if (!asIdentity(identity, List.of("test", "-x", instanceDir.toString(), "-a", "-w", instanceDir.toString())).ok()) {
            throw ServiceException.unavailable("local_instance_dir_unreachable", "Local clusters run as " + who
                    + ", which cannot reach its directory " + instanceDir + ": the data directory's parents must be "
                    + "searchable by it (a data directory under /root is not; use e.g. /var/lib/flotilla).", null);
        }
    }

    /** Resolves (creating if need be) the run-as account and restricts the data directory. */
    private synchronized RunAsAccount prepare() {
        try {
            RunAsAccount runAs = account != null ? account : RunAsAccount.resolve(policy.account(), policy.create());
            account = runAs;
            DataDirAccess.restrict(dataDir, instancesRoot, runAs.gid());
            failure = null;
            return runAs;
        } catch (RuntimeException e) {
            failure = "local clusters cannot start isolated: " + e.getMessage();
            throw e instanceof ServiceException se ? se
                    : ServiceException.unavailable("local_isolation_failed", e.getMessage(), e);
        }
    }

    private static SystemCommand.Outcome asIdentity(InstanceIdentity identity, List<String> command) {
        List<String> full = new java.util.ArrayList<>(identity.setprivPrefix());
        full.addAll(command);
        return SystemCommand.run(full);
    }

    /** The owner of {@code /proc/self} is this process's effective uid. */
    static long effectiveUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell this process's uid from /proc/self: the local provider needs Linux", e);
        }
    }
}
