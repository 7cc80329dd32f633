package io.flotilla.usage.notices;

import io.micronaut.core.annotation.Nullable;

/**
 * New usage settings of a workspace (all of them; the webhook URL null or absent: none).
 *
 * @param rotateWebhookSecret whether a new webhook secret replaces the current one (answered once)
 */
public record UsageSettingsChange(@Nullable Integer idleGpuThresholdPercent, @Nullable Integer idleGpuMinutes,
                                  @Nullable String webhookUrl, @Nullable Boolean collectTaskPrefixes,
                                  @Nullable Boolean rotateWebhookSecret) {
    /** Lowest and highest idle-GPU threshold, percent. */
    public static final int MIN_THRESHOLD = 0;
    public static final int MAX_THRESHOLD = 100;
    /** Shortest and longest idle-GPU time, minutes (a week). */
    public static final int MIN_MINUTES = 1;
    public static final int MAX_MINUTES = 10080;
}
