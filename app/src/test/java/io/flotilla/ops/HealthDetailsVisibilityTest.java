package io.flotilla.ops;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.TestDatabase;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health} and its probes give anonymous callers (load balancers, probes) and non-admin users the status
 * only; appliance admins, by their bearer API token, see every indicator's details.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthDetailsVisibilityTest extends AppTestProperties {
    private static final List<String> PATHS = List.of("/health", "/health/liveness", "/health/readiness");
    private static final String EXTRA_DETAIL = "detail of an indicator added later";

    @Inject
    @Client("/")
    HttpClient client;

    /** Stands for any indicator a later change adds (e.g. a warning about the local provider): nothing special-cased. */
    @Singleton
    @Requires(property = "flotilla.test.extra-health-indicator", value = "true")
    static class ExtraIndicator extends AbstractHealthIndicator<Map<String, Object>> {
        @Override
        protected Map<String, Object> getHealthInformation() {
            healthStatus = HealthStatus.UP;
            return Map.of("note", EXTRA_DETAIL);
        }

        @Override
        protected String getName() {
            return "extra";
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.test.extra-health-indicator", "true");
    }

    @Test
    void anonymousCallersGetTheStatusAndNothingElse() {
        for (String path : PATHS) {
            assertStatusOnly(new Api(client, null), path);
        }
    }

    @Test
    void anUnknownTokenIsNotRefusedButSeesNoDetails() {
        for (String path : PATHS) {
            assertStatusOnly(new Api(client, "flt_not-a-token-anybody-issued"), path);
        }
    }

    @Test
    void aSignedInUserWhoIsNoApplianceAdminGetsTheStatusOnly() {
        Api member = new Api(client, ADMIN_TOKEN).userIn("default", "health-member", "admin");
        for (String path : PATHS) {
            assertStatusOnly(member, path);
        }
    }

    @Test
    void applianceAdminsSeeTheDetailsOfEveryIndicator() {
        Api admin = new Api(client, ADMIN_TOKEN);
        Api.Reply health = admin.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsEntry("status", "UP").containsKey("details");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health.json().get("details");
        assertThat(details).containsKeys("jdbc", "diskSpace", "secretStore", "extra");
        assertThat(details.get("extra").toString()).contains(EXTRA_DETAIL);
        assertThat(details.get("jdbc").toString()).contains("jdbc:postgresql://", "PostgreSQL");
        assertThat(details.get("secretStore").toString()).contains(dataDir().toString());
        assertThat(admin.get("/health/readiness").json()).containsKey("details");
        assertThat(admin.get("/health/liveness").json()).containsEntry("status", "UP");
    }

    private void assertStatusOnly(Api caller, String path) {
        Api.TextReply reply = caller.text(HttpMethod.GET, path, null);
        assertThat(reply.code()).as(path).isEqualTo(200);
        assertThat(reply.body()).as(path).isEqualTo("{\"status\":\"UP\"}")
                .doesNotContain("jdbc", "details", EXTRA_DETAIL, Integer.toString(TestDatabase.server().getPort()), dataDir().toString());
    }
}
