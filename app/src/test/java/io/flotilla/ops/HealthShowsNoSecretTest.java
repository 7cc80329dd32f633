package io.flotilla.ops;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.TestDatabase;
import io.micronaut.context.BeanContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Even an appliance admin's {@code /health} details name the database without its credentials: IT may put the
 * password into {@code FLOTILLA_DATABASE_URL} itself ({@code ?password=...}), as the PostgreSQL driver allows.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthShowsNoSecretTest extends AppTestProperties {
    private static final String CANARY = "canary-database-password-in-url";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    BeanContext beans;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("datasources.default.url", TestDatabase.newDatabase() + "&password=" + CANARY);
    }

    @Test
    void theDatabaseUrlInTheDetailsCarriesNoPassword() {
        Api.TextReply health = new Api(client, ADMIN_TOKEN).text(HttpMethod.GET, "/health", null);
        assertThat(health.code()).isEqualTo(200);
        assertThat(health.body()).contains("\"jdbc\"", "jdbc:postgresql://localhost:" + TestDatabase.server().getPort())
                .doesNotContain(CANARY, "password");
        assertThat(beans.getBeansOfType(HealthIndicator.class)).as("Micronaut's own jdbc indicator is replaced, not beside ours")
                .noneMatch(JdbcIndicator.class::isInstance);
    }
}
