package io.flotilla.cluster.engine;

import io.flotilla.testing.TestDatabase;
import io.flotilla.provider.ApplianceId;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code flotilla.appliance-id}: adopted by a fresh installation, refused once clusters or cloud accounts exist. */
class ApplianceIdAdoptionTest {
    private static final String CHOSEN = "0b8f7c1e-3f0a-4c57-9d3e-6a1f2b7c8d90";
    private final String databaseUrl = TestDatabase.newDatabase();
    @TempDir
    Path dataDir;

    @Test
    void freshInstallationAdoptsTheConfiguredIdAndKeepsItAcrossRestarts() throws SQLException {
        try (ApplicationContext context = start(CHOSEN)) {
            assertThat(context.getBean(ApplianceId.class).value()).isEqualTo(CHOSEN);
        }
        assertThat(storedId()).isEqualTo(CHOSEN);
        try (ApplicationContext context = start(CHOSEN.toUpperCase())) {
            assertThat(context.getBean(ApplianceId.class).value()).as("the same UUID, written otherwise").isEqualTo(CHOSEN);
        }
        try (ApplicationContext context = start(null)) {
            assertThat(context.getBean(ApplianceId.class).value()).as("without the setting, the stored id").isEqualTo(CHOSEN);
        }
    }

    @Test
    void withoutTheSettingTheRandomIdStays() throws SQLException {
        try (ApplicationContext context = start(null)) {
            String id = context.getBean(ApplianceId.class).value();
            assertThat(id).isEqualTo(storedId()).isNotEqualTo(CHOSEN);
        }
    }

    @Test
    void aDifferentIdOnceACloudAccountExistsStopsTheStart() throws SQLException {
        String original;
        try (ApplicationContext context = start(null)) {
            original = context.getBean(ApplianceId.class).value();
        }
        try (Connection c = sql(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO cloud_accounts (id, name, provider, region, credential_mode, settings, subnet_ids,"
                    + " allowed_cidrs, log_retention_days, created_at, created_by, updated_at) VALUES (gen_random_uuid(),"
                    + " 'aws-main', 'aws', 'eu-west-1', 'assume_role', '{\"externalId\":\"" + original + "\"}', '', '', 30,"
                    + " now(), 'admin', now())");
        }
        assertThatThrownBy(() -> start(CHOSEN).close())
                .hasStackTraceContaining("FLOTILLA_APPLIANCE_ID")
                .hasStackTraceContaining(original);
        assertThat(storedId()).isEqualTo(original);
    }

    @Test
    void aValueThatIsNotAUuidIsRefused() {
        assertThatThrownBy(() -> start("not-a-uuid").close()).hasStackTraceContaining("must be a UUID");
    }

    private ApplicationContext start(String applianceId) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", databaseUrl);
        properties.put("datasources.default.username", "postgres");
        properties.put("datasources.default.password", "");
        properties.put("flotilla.data-dir", dataDir.toString());
        properties.put("flotilla.admin-token", "flt_test-admin-token-0123456789abcdef");
        properties.put("flotilla.console.enabled", "false");
        properties.put("micronaut.server.port", "-1");
        properties.put("flotilla.instance-tls.port", "-1");
        if (applianceId != null) {
            properties.put("flotilla.appliance-id", applianceId);
        }
        return ApplicationContext.run(properties, "test");
    }

    private String storedId() throws SQLException {
        try (Connection c = sql(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM appliance")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection sql() throws SQLException {
        return DriverManager.getConnection(databaseUrl, "postgres", "");
    }
}
