package io.flotilla.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded database directory as Flotilla made it before password authentication: the same zonky start
 * (initdb {@code -A trust}, role {@code postgres} without password, loopback only), with one marker row so a
 * test can see the data survive the conversion.
 */
public final class LegacyDataDirectory {
    /** The value of the marker row in table {@code legacy_marker}. */
    public static final String MARKER = "made before password authentication";

    private LegacyDataDirectory() {
    }

    /** Creates the directory {@code pgData} the old way, writes the marker and stops the server again. */
    public static void create(Path pgData) throws IOException, SQLException {
        Files.createDirectories(pgData);
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
             Connection c = old.getPostgresDatabase().getConnection();
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE legacy_marker (v text)");
            st.execute("INSERT INTO legacy_marker VALUES ('" + MARKER + "')");
        }
    }
}
