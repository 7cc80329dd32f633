package io.flotilla.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The single-machine default database: a PostgreSQL started from binaries shipped in a Maven jar,
 * with its data directory under {@code $FLOTILLA_DATA_DIR/postgres} so that a restart keeps everything.
 * It listens on 127.0.0.1 only and requires the password kept in {@link DatabasePasswordFile} for every
 * connection. Used only when no {@code FLOTILLA_DATABASE_URL} is configured.
 */
public final class EmbeddedDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private EmbeddedDatabase() {
    }

    /**
     * Starts the embedded PostgreSQL unless an external one is configured.
     *
     * @return datasource properties to hand to the application context (empty when external)
     */
    public static Map<String, Object> startIfNoDatabaseConfigured() throws IOException {
        String url = setting("FLOTILLA_DATABASE_URL", "datasources.default.url");
        if (url != null && !url.isBlank()) {
            return Map.of();
        }
        Path dataDir = DataDirectory.resolve();
        DatabasePasswordFile passwordFile = DatabasePasswordFile.under(dataDir);
        EmbeddedPostgres postgres = start(dataDir.resolve("postgres"), passwordFile);
        LOG.info("Embedded PostgreSQL running on port {} with data in {}; it requires the password in {}",
                postgres.getPort(), dataDir.resolve("postgres"), passwordFile.path());
        return Map.of(
                "datasources.default.url", postgres.getJdbcUrl(PostgresLauncher.SUPERUSER, "postgres"),
                "datasources.default.username", PostgresLauncher.SUPERUSER,
                "datasources.default.password", passwordFile.read().orElseThrow());
    }

    /**
     * Starts (or restarts after a crash) an embedded PostgreSQL whose data lives in {@code pgData}, protected by
     * the password in {@code passwordFile} (created with a new data directory, or when an older one is converted).
     */
    public static EmbeddedPostgres start(Path pgData, DatabasePasswordFile passwordFile) throws IOException {
        return PostgresLauncher.start(pgData, passwordFile);
    }

    static String setting(String env, String property) {
        String fromProperty = System.getProperty(property);
        return fromProperty != null ? fromProperty : System.getenv(env);
    }
}
