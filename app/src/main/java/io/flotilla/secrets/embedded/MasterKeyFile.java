package io.flotilla.secrets.embedded;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded store's master key: 256 random bits, Base64 in {@code <data-dir>/secrets/master.key},
 * readable only by the service user (file 0600, directory 0700). Back it up: without it the stored
 * secrets cannot be decrypted.
 */
public final class MasterKeyFile {
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private final Path file;

    public MasterKeyFile(Path file) {
        this.file = file;
    }

    /** The usual location under the appliance's data directory. */
    public static MasterKeyFile under(Path dataDir) {
        return new MasterKeyFile(dataDir.resolve("secrets").resolve("master.key"));
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * Reads the key if the file exists.
     *
     * @throws IllegalStateException when the file exists but cannot be read or does not hold a 256-bit key
     */
    public Optional<SecretKey> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return Optional.of(AesGcm.key(raw));
        } catch (IOException e) {
            throw new IllegalStateException("The key file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): give the service user read access to it.", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The key file " + file + " does not hold a Base64 256-bit key: "
                    + "restore the original file from backup.", e);
        }
    }

    /** Creates a new random key in a new file with mode 0600 (directory 0700) and returns it. */
    public SecretKey create() {
        SecretKey key = AesGcm.newKey();
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
            if (posix) {
                Files.setPosixFilePermissions(dir, DIR_MODE);
            }
            Path temp = posix
                    ? Files.createTempFile(dir, "master.key", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE))
                    : Files.createTempFile(dir, "master.key", ".tmp");
            Files.writeString(temp, Base64.getEncoder().encodeToString(key.getEncoded()) + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the key file " + file, e);
        }
    }
}
