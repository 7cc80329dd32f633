package io.flotilla.api.ops;

import io.flotilla.api.error.DocumentedErrors;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Prometheus scrape endpoint. Unauthenticated, like {@code /health}: expose it only to the monitoring network. */
@Controller("/metrics")
@Tag(name = "operations")
@DocumentedErrors
public class MetricsController {
    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @SecurityRequirement(name = "")
    @Operation(summary = "Metrics in the Prometheus text format")
    public String scrape() {
        return registry.scrape();
    }
}
