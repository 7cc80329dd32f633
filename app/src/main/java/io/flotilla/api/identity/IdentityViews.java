package io.flotilla.api.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.audit.AuditEvent;
import io.flotilla.identity.ApiToken;
import io.flotilla.identity.Role;
import io.flotilla.identity.User;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the identity routes return. None of them carries a password hash or a token hash. */
public final class IdentityViews {
    private IdentityViews() {
    }

    @Serdeable
    @Schema(name = "User")
    public record UserView(String username, String displayName, boolean applianceAdmin, boolean disabled, Instant createdAt,
                           @Schema(description = "The password serves only to choose a new one (POST /api/v1/auth/password)") boolean passwordChangeRequired) {
        public static UserView of(User u) {
            return new UserView(u.username(), u.displayName(), u.applianceAdmin(), u.disabled(), u.createdAt(),
                    u.passwordChangeRequired());
        }
    }

    @Serdeable
    @Schema(name = "Workspace")
    public record WorkspaceView(String name, String description, Instant createdAt,
                                @Schema(description = "The caller's role in it") Role role) {
        public static WorkspaceView of(Workspace w, Role role) {
            return new WorkspaceView(w.name(), w.description(), w.createdAt(), role);
        }
    }

    @Serdeable
    @Schema(name = "Member")
    public record MemberView(String username, String displayName, Role role) {
        public static MemberView of(WorkspaceService.Member m) {
            return new MemberView(m.username(), m.displayName(), m.role());
        }
    }

    @Serdeable
    @Schema(name = "Token", description = "An API token as listed: never its value")
    public record TokenView(UUID id, String name, @Schema(description = "First characters, to tell tokens apart") String prefix,
                            Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt,
                            @Nullable Instant revokedAt) {
        public static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.name(), t.displayPrefix(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.revokedAt());
        }
    }

    @Serdeable
    @Schema(name = "CreatedToken", description = "A new token: 'token' is shown this once and cannot be read again")
    public record CreatedTokenView(TokenView info, String token) {
    }

    /**
     * One audit entry. {@code kind}: {@code api} or {@code engine}; engine entries also carry the cloud account,
     * the cause and the provider's resource ids (empty list for API entries). Every field is always present.
     */
    @Serdeable
    @Schema(name = "AuditEvent")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AuditView(long id, Instant at, String actor, String action, @Nullable String workspace,
                            @Nullable String target, @Nullable String requestId, @Nullable String details, String kind,
                            @Nullable String cloudAccount, @Nullable String cause, List<String> resources) {
        public static AuditView of(AuditEvent e, String workspaceName) {
            return new AuditView(e.id(), e.at(), e.actorName(), e.action(), workspaceName, e.target(), e.requestId(),
                    e.details(), e.kind(), e.cloudAccount(), e.cause(),
                    e.resources() == null || e.resources().isEmpty() ? List.of() : List.of(e.resources().split(",")));
        }
    }
}
