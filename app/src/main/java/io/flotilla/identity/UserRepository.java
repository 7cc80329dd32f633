package io.flotilla.identity;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<User, UUID> {
    Optional<User> findByUsername(String username);

    List<User> findAllOrderByUsername();

    boolean existsByUsername(String username);

    List<User> findByIdIn(java.util.Collection<UUID> ids);
}
