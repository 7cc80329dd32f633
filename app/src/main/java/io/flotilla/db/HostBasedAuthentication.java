package io.flotilla.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded PostgreSQL's {@code pg_hba.conf}: who may connect how. Flotilla's rule is password
 * (SCRAM) authentication for every connection, over the loopback address and the Unix socket alike;
 * a {@code trust} line, as data directories made before this rule have, lets any local OS user in.
 */
final class HostBasedAuthentication {
    static final String FILE_NAME = "pg_hba.conf";
    static final String PASSWORD_ONLY = """
            # Written by Flotilla: every connection authenticates with the password in
            # <data-dir>/secrets/database.password (scram-sha-256). Never add a "trust" line: it lets
            # any user of this machine read and change the whole database.
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private HostBasedAuthentication() {
    }

    /** Whether any active line of the data directory's pg_hba.conf uses the {@code trust} method. */
    static boolean trusts(Path pgData) throws IOException {
        Path file = pgData.resolve(FILE_NAME);
        return Files.exists(file) && trusts(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static boolean trusts(List<String> lines) {
        return lines.stream()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+"))
                // TYPE DATABASE USER [ADDRESS [MASK]] METHOD [OPTIONS]: the method is never among the first three
                .anyMatch(fields -> Arrays.asList(fields).subList(Math.min(3, fields.length), fields.length).contains("trust"));
    }

    /** Replaces pg_hba.conf, atomically, by {@link #PASSWORD_ONLY}. */
    static void requirePasswords(Path pgData) throws IOException {
        Path temp = Files.createTempFile(pgData, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, PASSWORD_ONLY, StandardCharsets.UTF_8);
        Files.move(temp, pgData.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
