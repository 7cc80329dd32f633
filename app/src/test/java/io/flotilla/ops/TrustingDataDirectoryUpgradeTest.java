package io.flotilla.ops;

import io.flotilla.testing.ApplianceProcess;
import io.flotilla.testing.LegacyDataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The appliance as users run it (its own process, embedded defaults) on a data directory made by the older
 * code, whose PostgreSQL trusted every local connection: it starts, converts the database to password
 * authentication with its data kept, never logs the password, and tells anonymous callers of {@code /health}
 * nothing but the status.
 */
class TrustingDataDirectoryUpgradeTest {
    private static final String ADMIN_TOKEN = "flt_upgrade-test-admin-token-0123456789";

    @Test
    void theApplianceStartsOnATrustingDataDirectoryAndConvertsIt(@TempDir Path dataDir) throws Exception {
        Path pgData = dataDir.resolve("postgres");
        LegacyDataDirectory.create(pgData);
        Map<String, String> env = Map.of("FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", ADMIN_TOKEN);
        Path log = dataDir.resolve("process.out");
        String password;
        try (ApplianceProcess appliance = ApplianceProcess.start(env, log)) {
            password = Files.readString(dataDir.resolve("secrets/database.password")).strip();
            int databasePort = Integer.parseInt(Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).strip());
            String url = "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres";

            HttpResponse<String> anonymous = appliance.get("/health", null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}")
                    .doesNotContain("jdbc", Integer.toString(databasePort), dataDir.toString());
            HttpResponse<String> admin = appliance.get("/health", ADMIN_TOKEN);
            assertThat(admin.body()).contains("jdbc:postgresql://localhost:" + databasePort + "/postgres\"")
                    .doesNotContain(password);
            assertThat(appliance.get("/api/v1/me", ADMIN_TOKEN).statusCode()).isEqualTo(200);

            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
                    .as("no way in without the password any more").isInstanceOf(SQLException.class);
            try (Connection c = DriverManager.getConnection(url, "postgres", password);
                 ResultSet marker = c.createStatement().executeQuery("SELECT v FROM legacy_marker");
                 ResultSet users = c.createStatement().executeQuery("SELECT count(*) FROM users WHERE username = 'admin'")) {
                assertThat(marker.next()).isTrue();
                assertThat(marker.getString(1)).as("the old data is kept").isEqualTo(LegacyDataDirectory.MARKER);
                assertThat(users.next()).isTrue();
                assertThat(users.getInt(1)).as("the appliance's schema lives beside it").isEqualTo(1);
            }
        }
        assertThat(Files.readString(pgData.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#\\n]*\\btrust\\b");
        String logs = Files.readString(log) + Files.readString(dataDir.resolve("logs/flotilla.log"));
        assertThat(logs).contains("trusts every local connection").doesNotContain(password);
    }
}
