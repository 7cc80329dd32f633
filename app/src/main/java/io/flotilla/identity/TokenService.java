package io.flotilla.identity;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** API tokens: created and shown once, stored only as a hash, revocable, expiring. */
@Singleton
public class TokenService {
    /** Longest lifetime a token may be given. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);
    private static final Duration LAST_USED_RESOLUTION = Duration.ofSeconds(30);
    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final AuditLog audit;
    private final Clock clock;

    public TokenService(ApiTokenRepository tokens, UserRepository users, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** A token just created: the only moment its secret value is known. */
    public record CreatedToken(ApiToken token, String secret) {
    }

    /**
     * Creates a token for the caller.
     *
     * @param lifetime how long it stays valid; null means it does not expire
     */
    @Transactional
    public CreatedToken create(Caller caller, String name, Duration lifetime) {
        Names.require("token name", name);
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0)) {
            throw ServiceException.invalid("expiresInDays", "A token's lifetime must be between 1 day and "
                    + MAX_LIFETIME.toDays() + " days.");
        }
        return issue(caller, caller.userId(), name, TokenCodec.newToken(TokenCodec.API_TOKEN_PREFIX), lifetime);
    }

    /** Stores a token whose value was chosen outside (the install-time admin token). */
    @Transactional
    public CreatedToken issue(Caller actor, UUID userId, String name, String secret, Duration lifetime) {
        Instant now = clock.instant();
        ApiToken token = tokens.save(new ApiToken(UUID.randomUUID(), userId, name, TokenCodec.sha256(secret),
                TokenCodec.displayPrefix(secret), now, lifetime == null ? null : now.plus(lifetime), null, null));
        audit.record(actor, "token.create", null, name, token.expiresAt() == null ? "no expiry" : "expires " + token.expiresAt());
        return new CreatedToken(token, secret);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> list(Caller caller) {
        return tokens.findByUserIdOrderByCreatedAtDesc(caller.userId());
    }

    /** Revokes one of the caller's tokens (appliance admins may revoke anyone's). */
    @Transactional
    public ApiToken revoke(Caller caller, UUID tokenId) {
        ApiToken token = tokens.findById(tokenId)
                .filter(t -> t.userId().equals(caller.userId()) || caller.applianceAdmin())
                .orElseThrow(() -> ServiceException.notFound("token", tokenId.toString()));
        if (token.revokedAt() != null) {
            return token;
        }
        ApiToken revoked = tokens.update(new ApiToken(token.id(), token.userId(), token.name(), token.tokenHash(),
                token.displayPrefix(), token.createdAt(), token.expiresAt(), token.lastUsedAt(), clock.instant()));
        audit.record(caller, "token.revoke", null, token.name(), token.displayPrefix());
        return revoked;
    }

    /** The caller a presented bearer token stands for; empty if unknown, revoked, expired or the user is disabled. */
    @Transactional
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 512) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> token = tokens.findByTokenHash(TokenCodec.sha256(presented)).filter(t -> t.usableAt(now));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        ApiToken t = token.get();
        if (t.lastUsedAt() == null || t.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            tokens.updateLastUsedAtById(t.id(), now);
        }
        return users.findById(t.userId()).filter(u -> !u.disabled()).map(Caller::of);
    }
}
