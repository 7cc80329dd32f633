package io.flotilla.api.identity;

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
import java.util.UUID;

/** What the identity routes return. None of them carries a password hash or a token hash. */
public final class IdentityViews {
    private IdentityViews() {
    }

    @Serdeable
    @Schema(name = "User")
    public record UserView(String username, String displayName, boolean applianceAdmin, boolean disabled, Instant createdAt) {
        public static UserView of(User u) {
            return new UserView(u.username(), u.displayName(), u.applianceAdmin(), u.disabled(), u.createdAt());
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

    @Serdeable
    @Schema(name = "AuditEvent")
    public record AuditView(long id, Instant at, String actor, String action, String workspace, String target,
                            String requestId, String details) {
        public static AuditView of(AuditEvent e, String workspaceName) {
            return new AuditView(e.id(), e.at(), e.actorName(), e.action(), workspaceName, e.target(), e.requestId(), e.details());
        }
    }
}
