package io.flotilla.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded PostgreSQL's superuser password: 256 random bits (URL-safe Base64) in
 * {@code <data-dir>/secrets/database.password}, readable only by the service user (file 0600, directory
 * 0700). The appliance creates it at first start and connects with it; it never logs the value.
 */
public final class DatabasePasswordFile {
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path file;

    public DatabasePasswordFile(Path file) {
        this.file = file;
    }

    /** The usual location under the appliance's data directory. */
    public static DatabasePasswordFile under(Path dataDir) {
        return new DatabasePasswordFile(dataDir.resolve("secrets").resolve("database.password"));
    }

    public Path path() {
        return file;
    }

    /** The password, if the file exists; a blank file counts as missing. */
    public Optional<String> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    /** The password in the file, or a new random one written to a new 0600 file. */
    public String readOrCreate() throws IOException {
        Optional<String> existing = read();
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        if (posix) {
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
        Path temp = posix
                ? Files.createTempFile(dir, "database.password", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE))
                : Files.createTempFile(dir, "database.password", ".tmp");
        Files.writeString(temp, password, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return password;
    }
}
