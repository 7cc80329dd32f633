package io.flotilla.identity;

import io.flotilla.config.FlotillaConfig;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file that holds the bootstrap admin's initial password: {@code initial-admin-password} in the
 * data directory, readable by the appliance's OS user only (0600). The log names the file, never the
 * password; the file is removed once the admin has chosen a new password.
 */
@Singleton
public class InitialAdminPassword {
    /** Name of the file in the data directory. */
    public static final String FILE_NAME = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdminPassword.class);
    private final Path file;

    public InitialAdminPassword(FlotillaConfig config) {
        this.file = config.getDataDir().toAbsolutePath().resolve(FILE_NAME);
    }

    /** Where the password is (or was) written. */
    public Path path() {
        return file;
    }

    /** Writes the password to a new 0600 file (replacing a stale one) and returns its path. */
    public Path write(String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the initial admin password to " + file, e);
        }
    }

    /** Once the bootstrap admin's new password is committed, the initial one is void: remove its file. */
    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onPasswordChanged(PasswordChanged event) {
        if (BootstrapAdmin.ADMIN_USERNAME.equals(event.username())) {
            discard();
        }
    }

    /** Removes the file once its password no longer works; a failure is logged, not thrown (the password is void anyway). */
    public void discard() {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("The initial admin password was replaced; removed {}", file);
            }
        } catch (IOException e) {
            LOG.warn("The initial admin password no longer works, but {} could not be removed: {}", file, e.getMessage());
        }
    }
}
