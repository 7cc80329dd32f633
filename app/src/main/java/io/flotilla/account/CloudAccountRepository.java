package io.flotilla.account;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Cloud account rows. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CloudAccountRepository extends CrudRepository<CloudAccount, UUID> {
    Optional<CloudAccount> findByName(String name);

    List<CloudAccount> findAllOrderByName();

    List<CloudAccount> findByProvider(String provider);

    @Query("SELECT count(*) FROM clusters WHERE cloud_account_id = :accountId AND status NOT IN ('STOPPED', 'FAILED')")
    long countActiveClusters(UUID accountId);
}
