package io.flotilla.api.health;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Micronaut's {@code jdbc} health indicator with each datasource named by its JDBC URL without credentials or
 * connection properties. Micronaut's own names it by the whole URL, so a password IT put into
 * {@code FLOTILLA_DATABASE_URL} ({@code ?password=...}) would reach {@code /health}, even if only admins see it.
 */
@Singleton
@Replaces(JdbcIndicator.class)
@Requires(beans = HealthEndpoint.class)
@Requires(property = "endpoints.health.jdbc.enabled", notEquals = "false")
public class DatabaseHealthIndicator implements HealthIndicator {
    private final JdbcIndicator checks;

    public DatabaseHealthIndicator(@Named(TaskExecutors.BLOCKING) ExecutorService executor, DataSource[] dataSources,
                                   @Nullable DataSourceResolver resolver, HealthAggregator<?> aggregator) {
        this.checks = new JdbcIndicator(executor, dataSources, resolver, aggregator);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.map(checks.getResult(), DatabaseHealthIndicator::namedWithoutCredentials);
    }

    /** A JDBC URL as far as it names the database: no {@code user:password@}, no {@code ?...} or {@code ;...} properties. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("[?;].*$", "").replaceFirst("//[^/@]*@", "//");
    }

    private static HealthResult namedWithoutCredentials(HealthResult jdbc) {
        if (!(jdbc.getDetails() instanceof Map<?, ?> byUrl)) {
            return jdbc;
        }
        Map<String, Object> renamed = new LinkedHashMap<>();
        byUrl.forEach((url, result) -> renamed.put(withoutCredentials(String.valueOf(url)), result));
        return HealthResult.builder(jdbc.getName(), jdbc.getStatus()).details(renamed).build();
    }
}
