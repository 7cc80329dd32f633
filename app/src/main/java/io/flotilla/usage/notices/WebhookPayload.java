package io.flotilla.usage.notices;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * The JSON body of a webhook notice.
 *
 * @param event          what happened, e.g. {@code idle_gpu}
 * @param gpuUtilization the worker's GPU utilisation in its last heartbeat, percent
 * @param idleSince      since when it stayed below the threshold
 * @param at             when the notice was raised
 */
@Serdeable
public record WebhookPayload(String event, UUID workspaceId, UUID clusterId, String clusterName, String worker, int gpus,
                             double gpuUtilization, int thresholdPercent, int idleMinutes, Instant idleSince, Instant at,
                             String message) {
}
