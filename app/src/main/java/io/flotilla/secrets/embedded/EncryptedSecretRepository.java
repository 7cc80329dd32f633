package io.flotilla.secrets.embedded;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;

/** Rows of the embedded secret store. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface EncryptedSecretRepository extends CrudRepository<EncryptedSecret, String> {

    /** Inserts the row, or replaces the encrypted fields of the existing one (keeping created_at). */
    @Query("""
            INSERT INTO secrets (path, wrapped_key, key_nonce, nonce, ciphertext, created_at, updated_at)
            VALUES (:path, :wrappedKey, :keyNonce, :nonce, :ciphertext, :now, :now)
            ON CONFLICT (path) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key, key_nonce = EXCLUDED.key_nonce,
                nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext, updated_at = EXCLUDED.updated_at""")
    void upsert(String path, byte[] wrappedKey, byte[] keyNonce, byte[] nonce, byte[] ciphertext, Instant now);
}
