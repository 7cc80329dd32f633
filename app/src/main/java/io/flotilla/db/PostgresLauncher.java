package io.flotilla.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Starts the embedded PostgreSQL (zonky binaries; as root zonky runs them in a user namespace) with
 * password authentication only. A new data directory is made by initdb with {@code scram-sha-256} and the
 * password file; a data directory made by an older Flotilla ({@code trust} in pg_hba.conf, a role without
 * password) is converted: the password is set, pg_hba.conf replaced and the server restarted. During that
 * one conversion start the server still trusts loopback connections, as it did before, for about a second.
 */
final class PostgresLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLauncher.class);
    static final String SUPERUSER = "postgres";

    private PostgresLauncher() {
    }

    static EmbeddedPostgres start(Path pgData, DatabasePasswordFile passwordFile) throws IOException {
        Files.createDirectories(pgData);
        StalePostmaster.stopIfRunning(pgData);
        boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
        boolean trusting = !fresh && HostBasedAuthentication.trusts(pgData);
        String password = fresh || trusting ? passwordFile.readOrCreate() : passwordFile.read().orElseThrow(() ->
                new IllegalStateException("The embedded database in " + pgData + " requires a password, but its password file "
                        + passwordFile.path() + " is missing or empty: restore it from backup (docs/install.md, "
                        + "\"The embedded database's password\")."));
        EmbeddedPostgres postgres = launch(pgData, passwordFile, password, fresh);
        if (!HostBasedAuthentication.trusts(pgData)) {
            return postgres;
        }
        LOG.warn("The embedded database in {} trusts every local connection (made by an older Flotilla): setting the "
                + "password of its role '{}' from {} and switching it to password authentication", pgData, SUPERUSER, passwordFile.path());
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            // the driver sends the SCRAM verifier, never the password itself
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("Could not set the password of the embedded database's role '" + SUPERUSER + "'", e);
        }
        HostBasedAuthentication.requirePasswords(pgData);
        postgres.close();
        return launch(pgData, passwordFile, password, false);
    }

    private static EmbeddedPostgres launch(Path pgData, DatabasePasswordFile passwordFile, String password, boolean fresh)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setConnectConfig("password", password);
        if (fresh) {
            // zonky hands these to initdb as --auth=... --pwfile=... after its own "-A trust", which they override
            builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", passwordFile.path().toString());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            if (refusedThePassword(e)) {
                StalePostmaster.stopIfRunning(pgData);
                throw new IllegalStateException("The embedded database in " + pgData + " refused the password in "
                        + passwordFile.path() + ": the file was replaced or the role's password changed. Restore the file "
                        + "from backup (docs/install.md, \"The embedded database's password\").", e);
            }
            throw e;
        }
    }

    private static boolean refusedThePassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && PSQLState.INVALID_PASSWORD.getState().equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
