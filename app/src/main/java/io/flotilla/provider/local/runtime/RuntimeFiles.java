package io.flotilla.provider.local.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File chores of the runtime directory: removing a failed build, reading the end of a build log. */
public final class RuntimeFiles {
    private RuntimeFiles() {
    }

    /** Deletes {@code dir} and everything in it; symbolic links are removed, never followed. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Lets the group read everything under {@code dir} and enter its directories and run what the owner may run,
     * whatever the umask was: isolated local instances run in a group of their own (see
     * io.flotilla.provider.local.DataDirAccess) and must read and execute the runtime, never write it.
     */
    public static void openToGroup(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = Files.getPosixFilePermissions(path);
                boolean changed = mode.add(java.nio.file.attribute.PosixFilePermission.GROUP_READ);
                if (Files.isDirectory(path) || mode.contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE)) {
                    changed |= mode.add(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
                }
                if (changed) {
                    Files.setPosixFilePermissions(path, mode);
                }
            }
        }
    }

    /** The last {@code lines} lines of {@code file}, or "" when it cannot be read. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
