package io.flotilla.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A person or program that signs in. {@code applianceAdmin} users manage users and workspaces of the
 * whole appliance; the password hash is Argon2id and never leaves the service layer. While
 * {@code passwordChangeRequired} is set, the password serves only to choose a new one.
 */
@MappedEntity("users")
public record User(@Id UUID id, String username, String displayName, @Nullable String passwordHash,
                   boolean applianceAdmin, boolean disabled, Instant createdAt, boolean passwordChangeRequired) {

    /** A new password; {@code mustChange} makes it good only for choosing the next one. */
    public User withPassword(String hash, boolean mustChange) {
        return new User(id, username, displayName, hash, applianceAdmin, disabled, createdAt, mustChange);
    }

    public User withDisabled(boolean value) {
        return new User(id, username, displayName, passwordHash, applianceAdmin, value, createdAt, passwordChangeRequired);
    }

    public User withApplianceAdmin(boolean value) {
        return new User(id, username, displayName, passwordHash, value, disabled, createdAt, passwordChangeRequired);
    }
}
