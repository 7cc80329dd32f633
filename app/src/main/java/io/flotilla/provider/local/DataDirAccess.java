package io.flotilla.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory's modes while local instances run isolated, all in the run-as account's group:
 * <pre>
 * &lt;data-dir&gt;/                0710  instances may pass through it, not list it
 *   local/ local/instances/  0710  likewise; each instance's directory below is 0700, owned by its own uid
 *   runtime/                 0750  the built Python runtime: readable and executable, never writable
 *   environments/            0710  instances may pass through it (its logs/ keep no group or other bits)
 *   environments/venvs/      0750  software environments built for clusters: readable and executable
 *   everything else          group and other bits removed (secrets/, postgres/, logs/, password files…)
 * </pre>
 * Applied before every launch, so that entries created since (a new log directory, a file of another component)
 * are covered too. Other OS users, outside the group, cannot even pass through the data directory.
 */
final class DataDirAccess {
    private static final Set<PosixFilePermission> PASS_THROUGH = PosixFilePermissions.fromString("rwx--x---");
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("rwxr-x---");
    private static final Set<PosixFilePermission> GROUP_AND_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    static final String RUNTIME = "runtime";
    static final String LOCAL = "local";
    static final String ENVIRONMENTS = "environments";
    static final String VENVS = "venvs";

    private DataDirAccess() {
    }

    static void restrict(Path dataDir, Path instancesRoot, long gid) {
        try {
            Files.createDirectories(instancesRoot);
            for (Path dir = instancesRoot; dir != null && dir.startsWith(dataDir); dir = dir.getParent()) {
                set(dir, gid, PASS_THROUGH);
            }
            try (Stream<Path> entries = Files.list(dataDir)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (name.equals(RUNTIME) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        set(entry, gid, READ_ONLY);
                    } else if (name.equals(ENVIRONMENTS) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        restrictEnvironments(entry, gid);
                    } else if (!name.equals(LOCAL) && !Files.isSymbolicLink(entry)) {
                        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS);
                        if (mode.removeAll(GROUP_AND_OTHER)) {
                            Files.setPosixFilePermissions(entry, mode);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the data directory " + dataDir
                    + " for isolated local clusters: " + e.getMessage(), e);
        }
    }

    /** Environments: pass-through; their venvs readable by the group; build logs and the rest private. */
    private static void restrictEnvironments(Path environments, long gid) throws IOException {
        set(environments, gid, PASS_THROUGH);
        try (Stream<Path> entries = Files.list(environments)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().equals(VENVS) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    set(entry, gid, READ_ONLY);
                } else if (!Files.isSymbolicLink(entry)) {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS);
                    if (mode.removeAll(GROUP_AND_OTHER)) {
                        Files.setPosixFilePermissions(entry, mode);
                    }
                }
            }
        }
    }

    /** Makes {@code dir} (an instance's directory, created by the appliance) its instance's own, mode 0700. */
    static void giveTo(Path dir, InstanceIdentity identity) throws IOException {
        Files.setAttribute(dir, "unix:uid", (int) identity.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:gid", (int) identity.gid(), LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static void set(Path dir, long gid, Set<PosixFilePermission> mode) throws IOException {
        Files.setAttribute(dir, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(dir, mode);
    }
}
