package io.flotilla.cluster;

import java.util.UUID;

/**
 * Published when a cluster's desired state changes (created, scaled, stopped) or its scheduler
 * reports in for the first time, so the reconciler runs now instead of at its next tick.
 */
public record ClusterChanged(UUID clusterId) {
}
