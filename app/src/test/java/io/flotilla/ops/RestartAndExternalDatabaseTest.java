package io.flotilla.ops;

import io.flotilla.testing.ApplianceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The appliance as users run it: its own process on embedded defaults, killed with SIGKILL and started
 * again; and the same code pointed at an "external" PostgreSQL by configuration.
 */
class RestartAndExternalDatabaseTest {
    private static final String ADMIN_TOKEN = "flt_process-test-admin-token-0123456789";

    @Test
    void killNineAndRestartKeepsUsersAndTokens(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", ADMIN_TOKEN);
        Path log = dataDir.resolve("process.out");
        String userToken;
        try (ApplianceProcess first = ApplianceProcess.start(env, log)) {
            assertThat(first.get("/health", null).body()).contains("UP");
            assertThat(first.send("POST", "/api/v1/users", ADMIN_TOKEN,
                    "{\"username\":\"dora\",\"password\":\"a long enough password\"}").statusCode()).isEqualTo(201);
            String created = first.send("POST", "/api/v1/me/tokens", ADMIN_TOKEN, "{\"name\":\"keepme\"}").body();
            userToken = created.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            assertThat(first.send("PUT", "/api/v1/workspaces/default/secrets/KEEP_ME", ADMIN_TOKEN,
                    "{\"value\":\"canary-restart-value\"}").statusCode()).isEqualTo(201);
            first.killHard();
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).as("embedded data lives under the data dir").exists();
        try (ApplianceProcess second = ApplianceProcess.start(env, log)) {
            assertThat(second.get("/api/v1/users/dora", ADMIN_TOKEN).statusCode()).as("user kept").isEqualTo(200);
            assertThat(second.get("/api/v1/me", userToken).statusCode()).as("token kept").isEqualTo(200);
            assertThat(second.get("/api/v1/workspaces/default/secrets", ADMIN_TOKEN).body()).as("secret kept").contains("KEEP_ME");
            assertThat(second.send("PUT", "/api/v1/workspaces/default/secrets/KEEP_ME", ADMIN_TOKEN,
                    "{\"value\":\"replaced\"}").statusCode()).as("the store still opens with the same key").isEqualTo(200);
            assertThat(Files.readString(log)).as("the bootstrap ran once").containsOnlyOnce("created user 'admin'");
        }
    }

    @Test
    void sameCodeRunsAgainstAnExternalPostgres(@TempDir Path dataDir) throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            Map<String, String> env = Map.of(
                    "FLOTILLA_DATA_DIR", dataDir.toString(),
                    "FLOTILLA_ADMIN_TOKEN", ADMIN_TOKEN,
                    "FLOTILLA_DATABASE_URL", external.getJdbcUrl("postgres", "postgres"),
                    "FLOTILLA_DATABASE_USER", "postgres",
                    "FLOTILLA_DATABASE_PASSWORD", "");
            try (ApplianceProcess appliance = ApplianceProcess.start(env, dataDir.resolve("process.out"))) {
                assertThat(appliance.get("/api/v1/me", ADMIN_TOKEN).statusCode()).isEqualTo(200);
            }
            assertThat(dataDir.resolve("postgres")).as("no embedded database was started").doesNotExist();
            try (Connection c = external.getPostgresDatabase().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT username FROM users")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("admin");
            }
        }
    }
}
