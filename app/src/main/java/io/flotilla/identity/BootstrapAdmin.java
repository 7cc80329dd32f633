package io.flotilla.identity;

import io.flotilla.audit.AuditLog;
import io.flotilla.config.FlotillaConfig;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

/**
 * On the first start against an empty database: creates the bootstrap admin ({@code admin}) and the
 * workspace {@code default}. {@code FLOTILLA_ADMIN_TOKEN} becomes the admin's API token; without it a
 * one-time password is generated and printed once. Safe with several replicas starting together.
 */
@Singleton
public class BootstrapAdmin {
    /** Username of the bootstrap administrator. */
    public static final String ADMIN_USERNAME = "admin";
    /** Name of the workspace created at the first start. */
    public static final String DEFAULT_WORKSPACE = "default";
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final long BOOTSTRAP_LOCK = 0x466c6f74696c6c61L;
    private static final int MIN_ADMIN_TOKEN_LENGTH = 20;

    private final UserRepository users;
    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final AuditLog audit;
    private final JdbcOperations jdbc;
    private final FlotillaConfig config;
    private final Clock clock;

    public BootstrapAdmin(UserRepository users, WorkspaceRepository workspaces, MembershipRepository memberships,
                          PasswordHasher hasher, TokenService tokens, AuditLog audit, JdbcOperations jdbc,
                          FlotillaConfig config, Clock clock) {
        this.users = users;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.hasher = hasher;
        this.tokens = tokens;
        this.audit = audit;
        this.jdbc = jdbc;
        this.config = config;
        this.clock = clock;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        bootstrapIfEmpty();
    }

    /** Creates the first admin and workspace if there are no users yet. */
    @Transactional
    public void bootstrapIfEmpty() {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(?)", st -> {
            st.setLong(1, BOOTSTRAP_LOCK);
            st.execute();
            return null;
        });
        if (users.count() > 0) {
            return;
        }
        String adminToken = config.getAdminToken();
        boolean withToken = adminToken != null && !adminToken.isBlank();
        if (withToken && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalStateException("FLOTILLA_ADMIN_TOKEN must have at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
        }
        String password = withToken ? null : randomPassword();
        User admin = users.save(new User(UUID.randomUUID(), ADMIN_USERNAME, "Administrator",
                password == null ? null : hasher.hash(password), true, false, clock.instant()));
        Caller actor = Caller.of(admin);
        Workspace workspace = workspaces.save(new Workspace(UUID.randomUUID(), DEFAULT_WORKSPACE,
                "Created at the first start", clock.instant()));
        memberships.save(new Membership(UUID.randomUUID(), workspace.id(), admin.id(), Role.ADMIN, clock.instant()));
        audit.record(null, "appliance.bootstrap", workspace.id(), ADMIN_USERNAME, null);
        if (withToken) {
            tokens.issue(actor, admin.id(), "install", adminToken, null);
            LOG.info("First start: created user 'admin' with the API token from FLOTILLA_ADMIN_TOKEN, and workspace 'default'.");
        } else {
            LOG.warn("""

                    ==================================================================
                      First start: created user 'admin' and workspace 'default'.
                      One-time admin password (shown only now): {}
                      Sign in to the console, or get an API token with:
                        flotilla login   (or POST /api/v1/auth/token)
                    ==================================================================""", password);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
