package io.flotilla.cluster;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Cluster events, oldest first. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ClusterEventRepository extends CrudRepository<ClusterEvent, Long> {
    List<ClusterEvent> findByClusterIdOrderById(UUID clusterId);
}
