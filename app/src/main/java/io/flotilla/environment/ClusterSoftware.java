package io.flotilla.environment;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.util.UUID;

/** The software environment version, and its build, a cluster was created with. */
@MappedEntity("cluster_software")
public record ClusterSoftware(@Id UUID clusterId, String environmentName, int environmentVersion, UUID buildId) {
}
