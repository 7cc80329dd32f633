package io.flotilla.identity;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenLifecycleTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;
    Api admin;

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
    }

    @Test
    void createUseRevokeThen401() {
        Api.Reply created = admin.post("/api/v1/me/tokens", Map.of("name", "laptop", "expiresInDays", 30));
        assertThat(created.status()).isEqualTo(201);
        String token = (String) created.json().get("token");
        assertThat(token).startsWith("flt_");
        Api mine = admin.as(token);
        assertThat(mine.get("/api/v1/me").status()).as("a fresh token works").isEqualTo(200);

        List<Map<String, Object>> listed = admin.get("/api/v1/me/tokens").list();
        assertThat(listed).as("listing never shows token values")
                .allSatisfy(t -> assertThat(t.toString()).doesNotContain(token));
        Map<?, ?> info = (Map<?, ?>) created.json().get("info");
        assertThat(listed).anySatisfy(t -> assertThat(t.get("lastUsedAt")).isNotNull());

        assertThat(admin.delete("/api/v1/me/tokens/" + info.get("id")).status()).isEqualTo(200);
        Api.Reply after = mine.get("/api/v1/me");
        assertThat(after.status()).as("a revoked token is refused").isEqualTo(401);
        assertThat(after.error()).isEqualTo("unauthenticated");
    }

    @Test
    void expiredTokenIs401() throws Exception {
        Api.Reply created = admin.post("/api/v1/me/tokens", Map.of("name", "short", "expiresInDays", 1));
        String token = (String) created.json().get("token");
        assertThat(admin.as(token).get("/api/v1/me").status()).isEqualTo(200);
        try (var c = sql(); var st = c.prepareStatement("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = ?")) {
            st.setString(1, TokenCodec.sha256(token));
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        assertThat(admin.as(token).get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void tokenIsStoredOnlyAsItsHash() throws Exception {
        String token = (String) admin.post("/api/v1/me/tokens", Map.of("name", "hashed")).json().get("token");
        List<String> cells = new ArrayList<>();
        try (var c = sql(); var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM api_tokens")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    cells.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        assertThat(cells).as("no column holds the token itself").noneMatch(v -> v.contains(token.substring(4)));
        assertThat(cells).as("its SHA-256 is what identifies it").contains(TokenCodec.sha256(token));
    }

    @Test
    void garbageAndMalformedAuthorizationAre401() {
        assertThat(admin.as("flt_not-a-real-token").get("/api/v1/me").status()).isEqualTo(401);
        assertThat(admin.as(null).get("/api/v1/workspaces").status()).isEqualTo(401);
    }

    @Test
    void anInstallWithAnAdminTokenHasNoInitialPasswordFile() {
        assertThat(dataDir().resolve(InitialAdminPassword.FILE_NAME)).doesNotExist();
        assertThat(admin.get("/api/v1/users/admin").json()).containsEntry("passwordChangeRequired", false);
    }

    @Test
    void aPasswordAnAdminSetsCanBeMadeToServeOnlyForChoosingANewOne() {
        assertThat(admin.post("/api/v1/users", Map.of("username", "dave", "password", "set by the admin",
                "passwordChangeRequired", true)).json()).containsEntry("passwordChangeRequired", true);
        Api anonymous = admin.as(null);
        Api.Reply refused = anonymous.post("/api/v1/auth/token", Map.of("username", "dave", "password", "set by the admin"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("password_change_required");
        Api.Reply weak = anonymous.post("/api/v1/auth/password", Map.of("username", "dave", "password", "set by the admin",
                "newPassword", "dave"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat((String) weak.json().get("message")).contains("must not be the username");
        Api.Reply changed = anonymous.post("/api/v1/auth/password", Map.of("username", "dave", "password", "set by the admin",
                "newPassword", "dave's own password"));
        assertThat(changed.status()).isEqualTo(201);
        assertThat(admin.as((String) changed.json().get("token")).get("/api/v1/me").json()).containsEntry("username", "dave");
        assertThat(admin.get("/api/v1/users/dave").json()).containsEntry("passwordChangeRequired", false);

        assertThat(admin.patch("/api/v1/users/dave", Map.of("password", "reset by the admin", "passwordChangeRequired", true))
                .json()).containsEntry("passwordChangeRequired", true);
        assertThat(anonymous.post("/api/v1/auth/token", Map.of("username", "dave", "password", "reset by the admin")).error())
                .isEqualTo("password_change_required");
        assertThat(anonymous.post("/api/v1/auth/token", Map.of("username", "dave", "password", "dave's own password")).status())
                .as("the old password is gone").isEqualTo(401);
    }

    @Test
    void passwordLoginIssuesAToken() {
        admin.post("/api/v1/users", Map.of("username", "carol", "password", "correct horse battery"));
        Api.Reply wrong = admin.as(null).post("/api/v1/auth/token", Map.of("username", "carol", "password", "wrong password!!"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("bad_credentials");
        Api.Reply ok = admin.as(null).post("/api/v1/auth/token", Map.of("username", "carol", "password", "correct horse battery"));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(admin.as((String) ok.json().get("token")).get("/api/v1/me").json()).containsEntry("username", "carol");
    }
}
