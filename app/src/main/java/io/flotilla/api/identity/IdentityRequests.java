package io.flotilla.api.identity;

import io.flotilla.identity.Names;
import io.flotilla.identity.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the identity routes. Unknown fields are rejected. */
public final class IdentityRequests {
    /**
     * "Not blank" as the OpenAPI document states it: at least one character that Java's {@code String.isBlank} (what
     * {@code @NotBlank} checks) does not count as white space.
     */
    static final String NOT_BLANK = "[^\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]";

    private IdentityRequests() {
    }

    @Serdeable
    @Schema(name = "CreateUserRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record CreateUser(@NotBlank @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String username,
                             @Nullable @Size(max = 128) String displayName,
                             @Nullable @Size(min = 12, max = 256) @Schema(description = "Optional: a user without one signs in by token only") String password,
                             @Nullable Boolean applianceAdmin,
                             @Nullable @Schema(description = "The password serves only to choose a new one at the first sign-in (POST /api/v1/auth/password)") Boolean passwordChangeRequired) {
    }

    @Serdeable
    @Schema(name = "UpdateUserRequest", description = "Fields left out stay as they are", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record UpdateUser(@Nullable Boolean applianceAdmin, @Nullable Boolean disabled,
                             @Nullable @Size(min = 12, max = 256) String password,
                             @Nullable @Schema(description = "Appliance admins: the user's password serves only to choose a new one at the next sign-in") Boolean passwordChangeRequired) {
    }

    @Serdeable
    @Schema(name = "CreateWorkspaceRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record CreateWorkspace(@NotBlank @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String name,
                                  @Nullable @Size(max = 512) String description) {
    }

    @Serdeable
    @Schema(name = "PutMemberRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record PutMember(@NotNull Role role) {
    }

    @Serdeable
    @Schema(name = "CreateTokenRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record CreateToken(@NotBlank @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String name,
                              @Nullable @Min(1) @Max(366) @Schema(description = "Days until it expires; leave out for no expiry")
                              Integer expiresInDays) {
    }

    @Serdeable
    @Schema(name = "PasswordLoginRequest", description = "Exchange a username and password for a new API token",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record PasswordLogin(@NotBlank @Size(max = Names.MAX_LENGTH) @Schema(pattern = NOT_BLANK) String username,
                                @NotBlank @Size(max = 256) @Schema(pattern = NOT_BLANK) String password,
                                @Nullable @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String tokenName,
                                @Nullable @Min(1) @Max(366) Integer expiresInDays) {
    }

    @Serdeable
    @Schema(name = "PasswordChangeRequest", description = "Set a new password with the current one, and receive a new API token",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record PasswordChange(@NotBlank @Size(max = Names.MAX_LENGTH) @Schema(pattern = NOT_BLANK) String username,
                                 @NotBlank @Size(max = 256) @Schema(pattern = NOT_BLANK, description = "The current password (e.g. the initial admin password)") String password,
                                 @NotBlank @Size(max = 256) @Schema(pattern = NOT_BLANK, description = "At least 12 and at most 256 characters, not the username, not the current password") String newPassword,
                                 @Nullable @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String tokenName,
                                 @Nullable @Min(1) @Max(366) Integer expiresInDays) {
    }
}
