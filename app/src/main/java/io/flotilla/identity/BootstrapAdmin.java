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
 * workspace {@code default}. {@code FLOTILLA_ADMIN_TOKEN} becomes the admin's API token; without it an
 * initial password is generated into {@link InitialAdminPassword}'s 0600 file (the log names the file,
 * never the password), good only for choosing a new password. Safe with several replicas starting together.
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
    private final InitialAdminPassword initialPassword;
    private final AuditLog audit;
    private final JdbcOperations jdbc;
    private final FlotillaConfig config;
    private final Clock clock;

    public BootstrapAdmin(UserRepository users, WorkspaceRepository workspaces, MembershipRepository memberships,
                          PasswordHasher hasher, TokenService tokens, InitialAdminPassword initialPassword,
                          AuditLog audit, JdbcOperations jdbc, FlotillaConfig config, Clock clock) {
        this.users = users;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.hasher = hasher;
        this.tokens = tokens;
        this.initialPassword = initialPassword;
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
                password == null ? null : hasher.hash(password), true, false, clock.instant(), password != null));
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
                      The initial admin password is in {} (readable by this OS user only).
                      Sign in with it once to choose a new password: in the console, with
                        flotilla login --username admin   (or POST /api/v1/auth/password)
                      The file is removed then and the initial password stops working.
                    ==================================================================""", initialPassword.write(password));
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
