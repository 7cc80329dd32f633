package io.flotilla.secrets.embedded;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One row of the embedded store: the secret's data encrypted with its own data key, and that data key
 * wrapped by the master key. Both encryptions are AES-256-GCM with the path as associated data.
 */
@MappedEntity("secrets")
public record EncryptedSecret(@Id String path,
                              byte[] wrappedKey,
                              byte[] keyNonce,
                              byte[] nonce,
                              byte[] ciphertext,
                              Instant createdAt,
                              Instant updatedAt) {
}
