package io.flotilla.api.usage;

import io.flotilla.usage.notices.UsageSettings;
import io.flotilla.usage.notices.UsageSettingsChange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Request and response bodies of the usage settings API. */
public final class UsageSettingsViews {
    private UsageSettingsViews() {
    }

    @Serdeable
    @Schema(name = "UsageSettingsUpdate", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "All usage settings of a workspace (a PUT replaces them; the limits are not touched)")
    public record UpdateRequest(
            @NotNull @Min(0) @Max(100) @Schema(description = "A GPU worker whose utilisation stays below this (percent) is idle", minimum = "0", maximum = "100")
            Integer idleGpuThresholdPercent,
            @NotNull @Min(1) @Max(10080) @Schema(description = "For this many minutes before its owner is told", minimum = "1", maximum = "10080")
            Integer idleGpuMinutes,
            @Nullable @Size(max = 2048) @Schema(description = "Where notices are also POSTed, signed (X-Flotilla-Signature); https, or http only to"
                    + " loopback; null or absent: no webhook", nullable = true, maxLength = 2048)
            String webhookUrl,
            @NotNull @Schema(description = "Whether the scheduler plugin sends the task prefixes that are running")
            Boolean collectTaskPrefixes,
            @Nullable @Schema(description = "Replace the webhook secret by a new one (answered once)", nullable = true)
            Boolean rotateWebhookSecret) {
        UsageSettingsChange change() {
            return new UsageSettingsChange(idleGpuThresholdPercent, idleGpuMinutes, webhookUrl, collectTaskPrefixes,
                    rotateWebhookSecret);
        }
    }

    @Serdeable
    @Schema(name = "UsageSettings", description = "A workspace's usage settings")
    public record SettingsView(String workspace, int idleGpuThresholdPercent, int idleGpuMinutes,
                               @Nullable @Schema(nullable = true) String webhookUrl, boolean collectTaskPrefixes,
                               @Schema(description = "What the scheduler plugin reports for this workspace's clusters")
                               List<String> collected,
                               @Nullable @Schema(nullable = true, description = "The new webhook secret (HMAC-SHA256 key of"
                                       + " X-Flotilla-Signature), only in the answer that created it; store it now")
                               String webhookSecret) {
        static SettingsView of(UsageSettings settings) {
            return new SettingsView(settings.workspace(), settings.idleGpuThresholdPercent(), settings.idleGpuMinutes(),
                    settings.webhookUrl(), settings.collectTaskPrefixes(), settings.collected(), settings.webhookSecret());
        }
    }
}
