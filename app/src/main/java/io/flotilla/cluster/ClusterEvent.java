package io.flotilla.cluster;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** Something that happened to a cluster, in words for its user ("scheduler launched", "stopped: idle"). */
@MappedEntity("cluster_events")
public record ClusterEvent(@Id @GeneratedValue Long id, UUID clusterId, Instant at, String kind, String message) {
}
