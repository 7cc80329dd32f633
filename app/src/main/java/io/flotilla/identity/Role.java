package io.flotilla.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.flotilla.error.ServiceException;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Locale;

/** A member's role inside one workspace; written {@code admin} / {@code member} in the API. */
@Serdeable
@Schema(type = "string", allowableValues = {"admin", "member"})
public enum Role {
    /** Manages the workspace's members and sees every cluster in it. */
    ADMIN,
    /** Uses the workspace: creates clusters, sees the workspace's clusters. */
    MEMBER;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(value)) {
                return role;
            }
        }
        throw ServiceException.invalid("role", "The role must be 'admin' or 'member', not '" + value + "'.");
    }
}
