package io.flotilla.usage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/** New limits of a workspace; a null (or absent) limit removes it. */
@Serdeable
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record LimitsUpdate(
        @Nullable @Schema(minimum = "0", maximum = "1000000000", multipleOf = 0.01, description = "vCPU-hours per calendar month (UTC)") BigDecimal cpuHoursPerMonth,
        @Nullable @Schema(minimum = "0", maximum = "1000000000", multipleOf = 0.01, description = "GPU-hours per calendar month (UTC)") BigDecimal gpuHoursPerMonth,
        @Nullable @Schema(minimum = "1", maximum = "1000000", description = "vCPUs the workspace's active clusters may hold at once") Integer maxConcurrentCores,
        @Nullable @Schema(minimum = "1", maximum = "10000", description = "active clusters one member may have at once") Integer maxClustersPerUser,
        @Nullable @Schema(description = "stop running clusters (reason 'budget reached') once a monthly budget is used up; default false") Boolean stopAtBudget) {
}
