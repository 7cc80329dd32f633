package io.flotilla.testing;

import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Base for tests that start the whole appliance: its own database, its own data directory, a random
 * port, and a known admin token ({@link #ADMIN_TOKEN}). Use with
 * {@code @MicronautTest(transactional = false)} and {@code @TestInstance(PER_CLASS)}. Local-instance processes left
 * under the data directory are killed after the class ({@link LocalInstancesCleanup}).
 */
@ExtendWith(LocalInstancesCleanup.class)
public abstract class AppTestProperties implements TestPropertyProvider {
    /** The install-time admin token given to every test appliance. */
    public static final String ADMIN_TOKEN = "flt_test-admin-token-0123456789abcdef";
    private Path dataDir;
    private String databaseUrl;

    @Override
    public Map<String, String> getProperties() {
        try {
            dataDir = Files.createTempDirectory("flotilla-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>();
        databaseUrl = TestDatabase.newDatabase();
        properties.put("datasources.default.url", databaseUrl);
        properties.put("datasources.default.username", "postgres");
        properties.put("datasources.default.password", "");
        properties.put("flotilla.data-dir", dataDir.toString());
        properties.put("flotilla.admin-token", ADMIN_TOKEN);
        properties.put("micronaut.server.port", "-1");
        properties.put("flotilla.instance-tls.port", "-1");
        properties.putAll(extraProperties());
        return properties;
    }

    /** Properties a test class adds or overrides. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /** A plain JDBC connection to this test's database, outside the application's transactions. */
    protected java.sql.Connection sql() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(databaseUrl, "postgres", "");
    }

    protected Path dataDir() {
        return dataDir;
    }
}
