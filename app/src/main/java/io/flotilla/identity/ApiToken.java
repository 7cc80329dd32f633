package io.flotilla.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored API token. Only the SHA-256 of the token is kept ({@code tokenHash}); {@code displayPrefix}
 * is the first characters of the token so that a user can tell tokens apart.
 */
@MappedEntity("api_tokens")
public record ApiToken(@Id UUID id, UUID userId, String name, String tokenHash, String displayPrefix,
                       Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
