package io.flotilla.environment.sync;

import io.flotilla.config.ApplianceUrl;
import io.flotilla.config.FlotillaConfig;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.error.ServiceException;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Wheels under {@code <data-dir>/wheels/<workspace-id>/<sha256>/<filename>}: directories 0700, files 0600, written
 * to a temporary file and moved into place, so a half-written wheel is never visible. Reads re-check the hash.
 * Links point at the appliance's own signed route ({@code /api/v1/agent/wheels/...}).
 */
@Singleton
@Requires(property = "flotilla.package-sync.wheel-store", value = "local", defaultValue = "local")
public class LocalWheelStore implements WheelStore {
    private final Path root;
    private final PackageSyncConfig config;
    private final WheelLinkSigner signer;
    private final Provider<ApplianceUrl> applianceUrl;
    private final Clock clock;

    public LocalWheelStore(FlotillaConfig flotilla, PackageSyncConfig config, WheelLinkSigner signer,
                           Provider<ApplianceUrl> applianceUrl, Clock clock) {
        this.root = flotilla.getDataDir().resolve("wheels");
        this.config = config;
        this.signer = signer;
        this.applianceUrl = applianceUrl;
        this.clock = clock;
    }

    @Override
    public WheelRef put(UUID workspaceId, WheelFileName name, String sha256, byte[] content) {
        WheelStore.checkContent(content, sha256, config.getMaxWheelBytes(), name.filename());
        Path target = path(workspaceId, sha256, name.filename());
        try {
            Path dir = target.getParent();
            createPrivateDirectories(dir);
            if (!Files.exists(target)) {
                Path temporary = Files.createTempFile(dir, ".upload-", ".part",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.write(temporary, content);
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
        } catch (IOException e) {
            throw ServiceException.unavailable("wheel_store_unavailable", "The appliance could not store the wheel "
                    + name.filename() + " (its data directory is not writable).", e);
        }
        return new WheelRef(name.filename(), sha256);
    }

    @Override
    public boolean exists(UUID workspaceId, WheelRef wheel) {
        return Files.isRegularFile(path(workspaceId, wheel.sha256(), wheel.filename()));
    }

    /** The bytes of a stored wheel after checking their hash; IOException when missing or corrupted. */
    public byte[] read(UUID workspaceId, WheelRef wheel) throws IOException {
        byte[] content = Files.readAllBytes(path(workspaceId, wheel.sha256(), wheel.filename()));
        if (!WheelStore.sha256(content).equals(wheel.sha256())) {
            throw new IOException("The stored wheel " + wheel.filename() + " no longer matches its hash.");
        }
        return content;
    }

    @Override
    public InputStream open(WheelRef wheel) throws IOException {
        UUID workspaceId = holder(wheel);
        if (workspaceId == null) {
            throw new java.io.FileNotFoundException("No wheel " + wheel.filename() + " with that hash was uploaded.");
        }
        return new ByteArrayInputStream(read(workspaceId, wheel));
    }

    @Override
    public String link(WheelRef wheel, Duration validFor) {
        UUID workspaceId = holder(wheel);
        if (workspaceId == null) {
            return null;
        }
        Duration valid = validFor.compareTo(config.getMaxLinkValidity()) > 0 ? config.getMaxLinkValidity() : validFor;
        long expires = clock.instant().plus(valid).getEpochSecond();
        return applianceUrl.get().forInstances() + "/api/v1/agent/wheels/" + workspaceId + "/" + wheel.sha256() + "/"
                + wheel.filename() + "?expires=" + expires + "&signature="
                + signer.sign(workspaceId, wheel.sha256(), wheel.filename(), expires);
    }

    /** The first workspace that holds this wheel, or null. */
    private UUID holder(WheelRef wheel) {
        WheelFileName.requireSha256(wheel.sha256(), "sha256");
        WheelFileName.parse(wheel.filename());
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (var workspaces = Files.list(root)) {
            return workspaces.filter(dir -> Files.isRegularFile(dir.resolve(wheel.sha256()).resolve(wheel.filename())))
                    .map(dir -> parseUuid(dir.getFileName().toString())).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Path path(UUID workspaceId, String sha256, String filename) {
        WheelFileName.requireSha256(sha256, "sha256");
        WheelFileName.parse(filename); // no path can come through here
        Path path = root.resolve(workspaceId.toString()).resolve(sha256).resolve(filename).normalize();
        if (!path.startsWith(root)) {
            throw ServiceException.invalid("filename", "The wheel file name leaves the wheel store.");
        }
        return path;
    }

    private void createPrivateDirectories(Path dir) throws IOException {
        Path current = root.getParent();
        for (Path part : root.getParent().relativize(dir)) {
            current = current.resolve(part);
            if (!Files.isDirectory(current)) {
                try {
                    Files.createDirectory(current, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another upload created it meanwhile
                }
            }
        }
    }
}
