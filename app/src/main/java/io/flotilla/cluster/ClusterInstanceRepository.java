package io.flotilla.cluster;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Instance rows of clusters. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ClusterInstanceRepository extends CrudRepository<ClusterInstance, UUID> {
    List<ClusterInstance> findByClusterIdOrderByCreatedAt(UUID clusterId);

    Optional<ClusterInstance> findByBootstrapTokenHash(String hash);
}
