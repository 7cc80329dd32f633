package io.flotilla.provider.local;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * The local provider's memory of its instances: one JSON file per instance, each written atomically
 * (temp file, then move), so a crash never leaves half an entry. Entries read once are kept parsed until their
 * file changes (every write replaces the file), so listing a registry with many ended instances reads only
 * what changed.
 */
final class LocalInstanceRegistry {
    private final LocalInstancePaths paths;
    private final JsonMapper json;
    private final ConcurrentMap<Path, Parsed> parsed = new ConcurrentHashMap<>();

    /** An entry as read, with what identifies that version of its file. */
    private record Parsed(Object fileKey, long modifiedNanos, LocalInstanceRecord record) {
    }

    LocalInstanceRegistry(LocalInstancePaths paths, JsonMapper json) {
        this.paths = paths;
        this.json = json;
    }

    void save(LocalInstanceRecord record) {
        Path file = paths.recordFile(record.instanceId())
                .orElseThrow(() -> new IllegalArgumentException("not a local instance id: " + record.instanceId()));
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + record.instanceId(), ".tmp");
            try {
                Files.write(temp, json.writeValueAsBytes(record));
                moveAtomically(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local instance registry entry " + file, e);
        }
    }

    Optional<LocalInstanceRecord> find(String instanceId) {
        return paths.recordFile(instanceId).filter(Files::isRegularFile).map(this::read);
    }

    Optional<LocalInstanceRecord> findByIdempotencyKey(String idempotencyKey) {
        return all().stream().filter(record -> Objects.equals(record.idempotencyKey(), idempotencyKey)).findFirst();
    }

    List<LocalInstanceRecord> all() {
        if (!Files.isDirectory(paths.root())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(paths.root())) {
            List<Path> entries = files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .filter(file -> LocalInstancePaths.isInstanceId(stripJson(file)))
                    .sorted()
                    .toList();
            parsed.keySet().retainAll(entries);
            return entries.stream().map(this::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Forgets an instance for good: its directory (logs, key files) first, then its entry, so that a crash in
     * between leaves an entry that the next call removes, never a directory nobody knows.
     */
    void remove(String instanceId) {
        Path dir = paths.instanceDir(instanceId)
                .orElseThrow(() -> new IllegalArgumentException("not a local instance id: " + instanceId));
        Path file = paths.recordFile(instanceId).orElseThrow();
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> tree = Files.walk(dir)) {
                    for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
            Files.deleteIfExists(file);
            parsed.remove(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove local instance " + instanceId, e);
        }
    }

    /**
     * Creates the instance's working directory, mode 0700: the service user's, or with an identity, that
     * identity's own (its key files go there; no other instance's uid can enter it).
     */
    Path createInstanceDir(String instanceId, @Nullable InstanceIdentity identity) {
        Path dir = paths.instanceDir(instanceId)
                .orElseThrow(() -> new IllegalArgumentException("not a local instance id: " + instanceId));
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (identity != null) {
                DataDirAccess.giveTo(dir, identity);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local instance directory " + dir, e);
        }
    }

    private LocalInstanceRecord read(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            Parsed known = parsed.get(file);
            if (known != null && Objects.equals(known.fileKey(), attributes.fileKey()) && known.modifiedNanos() == modified) {
                return known.record();
            }
            LocalInstanceRecord record = json.readValue(Files.readAllBytes(file), LocalInstanceRecord.class);
            parsed.put(file, new Parsed(attributes.fileKey(), modified, record));
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local instance registry entry " + file, e);
        }
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String stripJson(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }
}
