package io.flotilla.cluster;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.UUID;

/** Clusters' adaptive timing ({@link AdaptiveTiming}); no row means the defaults. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AdaptiveTimingRepository extends CrudRepository<AdaptiveTiming, UUID> {
}
