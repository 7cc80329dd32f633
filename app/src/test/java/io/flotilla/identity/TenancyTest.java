package io.flotilla.identity;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A member of workspace A must get 404/403 on every workspace-B route: all of them, found from the router. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Router router;
    Api admin;
    Api alice;

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
        admin.post("/api/v1/workspaces", Map.of("name", "team-a"));
        admin.post("/api/v1/workspaces", Map.of("name", "team-b"));
        assertThat(admin.post("/api/v1/users", Map.of("username", "alice")).json()).containsEntry("username", "alice");
        admin.post("/api/v1/users", Map.of("username", "bob"));
        admin.put("/api/v1/workspaces/team-a/members/alice", Map.of("role", "member"));
        admin.put("/api/v1/workspaces/team-b/members/bob", Map.of("role", "admin"));
        alice = admin.as(tokenFor("alice"));
    }

    @Inject
    TokenService tokens;
    @Inject
    UserRepository users;

    private String tokenFor(String username) {
        User user = users.findByUsername(username).orElseThrow();
        return tokens.create(Caller.of(user), "test", null).secret();
    }

    @Test
    void everyWorkspaceScopedRouteHidesAnotherWorkspace() {
        List<UriRouteInfo<?, ?>> scoped = router.uriRoutes()
                .filter(r -> r.getUriMatchTemplate().toString().contains("{workspace}"))
                .toList();
        assertThat(scoped).as("the walk covers the workspace routes").hasSizeGreaterThanOrEqualTo(5);
        for (UriRouteInfo<?, ?> route : scoped) {
            String path = route.getUriMatchTemplate().expand(Map.of(
                    "workspace", "team-b", "username", "bob", "name", "x", "id", UUID.randomUUID().toString()));
            HttpMethod method = route.getHttpMethod();
            Object body = method == HttpMethod.GET || method == HttpMethod.DELETE ? null : Map.of();
            Api.Reply reply = alice.call(method, path, body);
            assertThat(reply.status()).as(method + " " + path + " for a member of team-a").isIn(403, 404);
            if (method != HttpMethod.HEAD) {
                assertThat(reply.error()).as(method + " " + path).isNotNull();
            }
        }
    }

    @Test
    void memberSeesOnlyOwnWorkspacesAndCannotManageMembers() {
        assertThat(alice.get("/api/v1/workspaces").list()).extracting(w -> w.get("name")).containsExactly("team-a");
        assertThat(alice.get("/api/v1/workspaces/team-a/members").status()).isEqualTo(200);
        Api.Reply put = alice.put("/api/v1/workspaces/team-a/members/bob", Map.of("role", "member"));
        assertThat(put.status()).isEqualTo(403);
        assertThat(alice.get("/api/v1/workspaces/team-a/audit").status()).isEqualTo(403);
        assertThat(alice.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(alice.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(alice.get("/api/v1/users/bob").status()).isEqualTo(404);
    }
}
