package io.flotilla.identity;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 4xx JSON error with a sentence, and nothing is written. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    UserRepository users;
    @Inject
    WorkspaceRepository workspaces;
    @Inject
    ApiTokenRepository tokens;
    @Inject
    MembershipRepository memberships;
    Api admin;
    long before;

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
    }

    @BeforeEach
    void count() {
        before = rows();
    }

    @AfterEach
    void nothingWritten() {
        assertThat(rows()).as("no rows were written").isEqualTo(before);
    }

    private long rows() {
        return users.count() + workspaces.count() + tokens.count() + memberships.count();
    }

    record Case(String label, HttpMethod method, String path, String body, int status) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> cases() {
        String longName = "a".repeat(64);
        return Stream.of(
                new Case("malformed JSON", HttpMethod.POST, "/api/v1/workspaces", "{\"name\": \"x\",", 400),
                new Case("not an object", HttpMethod.POST, "/api/v1/workspaces", "[1,2,3]", 400),
                new Case("wrong type", HttpMethod.POST, "/api/v1/me/tokens", "{\"name\":\"t\",\"expiresInDays\":\"soon\"}", 400),
                new Case("wrong type boolean", HttpMethod.POST, "/api/v1/users", "{\"username\":\"u1\",\"applianceAdmin\":\"yes please\"}", 400),
                new Case("unknown field", HttpMethod.POST, "/api/v1/workspaces", "{\"name\":\"w1\",\"colour\":\"red\"}", 400),
                new Case("overlong name", HttpMethod.POST, "/api/v1/workspaces", "{\"name\":\"" + longName + "\"}", 400),
                new Case("name with capitals and spaces", HttpMethod.POST, "/api/v1/users", "{\"username\":\"Bad Name\"}", 400),
                new Case("missing name", HttpMethod.POST, "/api/v1/me/tokens", "{}", 400),
                new Case("token lifetime too long", HttpMethod.POST, "/api/v1/me/tokens", "{\"name\":\"t\",\"expiresInDays\":5000}", 400),
                new Case("password too short", HttpMethod.POST, "/api/v1/users", "{\"username\":\"u2\",\"password\":\"short\"}", 400),
                new Case("unknown role", HttpMethod.PUT, "/api/v1/workspaces/default/members/admin", "{\"role\":\"owner\"}", 400),
                new Case("bad uuid in path", HttpMethod.DELETE, "/api/v1/me/tokens/not-a-uuid", null, 400),
                new Case("huge body", HttpMethod.POST, "/api/v1/workspaces",
                        "{\"name\":\"w2\",\"description\":\"" + "x".repeat(2_000_000) + "\"}", 413),
                new Case("heartbeat without its required numbers", HttpMethod.POST, "/api/v1/agent/heartbeat", "{}", 400),
                new Case("not JSON at all", HttpMethod.POST, "/api/v1/workspaces", "name=w3", 415));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithAJsonError(Case c) {
        MediaType type = c.label().equals("not JSON at all") ? MediaType.APPLICATION_FORM_URLENCODED_TYPE : MediaType.APPLICATION_JSON_TYPE;
        Api.Reply reply = c.body() == null ? admin.call(c.method(), c.path(), null) : admin.raw(c.method(), c.path(), c.body(), type);
        assertThat(reply.status()).as(c.label()).isEqualTo(c.status());
        Map<String, Object> json = reply.json();
        assertThat(json).as(c.label()).containsKeys("error", "message", "details");
        assertThat((String) json.get("message")).as(c.label()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.")
                .as(c.label() + ": the JVM's words for a missing value").doesNotContain("Cannot invoke", "is null");
    }
}
