package io.flotilla.cluster;

import java.util.UUID;

/**
 * Published by every transition of a cluster's status or target, so that requests waiting for a cluster to
 * leave a state (a long-polling GET, a held bootstrap) look again as soon as the change commits.
 */
public record ClusterStateChanged(UUID clusterId) {
}
