package io.flotilla.identity;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users of the appliance: who they are, sign-in by password, and their management by admins. */
@Singleton
public class UserService {
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_LENGTH = 256;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(UserRepository users, PasswordHasher hasher, AuditLog audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
    }

    /** The caller's own user. */
    @Transactional(readOnly = true)
    public User me(Caller caller) {
        return users.findById(caller.userId()).orElseThrow(() -> ServiceException.notFound("user", caller.username()));
    }

    @Transactional(readOnly = true)
    public List<User> list(Caller caller) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        return users.findAllOrderByUsername();
    }

    @Transactional(readOnly = true)
    public User get(Caller caller, String username) {
        if (!caller.applianceAdmin() && !caller.username().equals(username)) {
            throw ServiceException.notFound("user", username);
        }
        return users.findByUsername(username).orElseThrow(() -> ServiceException.notFound("user", username));
    }

    /** Creates a user (appliance admins only). */
    @Transactional
    public User create(Caller caller, String username, String displayName, String password, boolean applianceAdmin) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        Names.require("username", username);
        Names.text("display name", displayName, 128);
        checkPassword(password);
        if (users.existsByUsername(username)) {
            throw ServiceException.conflict("user_exists", "A user named '" + username + "' already exists.");
        }
        User user = users.save(new User(UUID.randomUUID(), username,
                displayName == null || displayName.isBlank() ? username : displayName,
                password == null ? null : hasher.hash(password), applianceAdmin, false, clock.instant()));
        audit.record(caller, "user.create", null, username, applianceAdmin ? "appliance admin" : null);
        return user;
    }

    /** Changes a user's admin flag, disabled flag or password; null leaves a field as it is. */
    @Transactional
    public User update(Caller caller, String username, Boolean applianceAdmin, Boolean disabled, String password) {
        boolean self = caller.username().equals(username);
        if (!caller.applianceAdmin() && !(self && applianceAdmin == null && disabled == null)) {
            throw self ? ServiceException.forbidden("Only appliance administrators can change roles or disable users.")
                    : ServiceException.notFound("user", username);
        }
        User user = users.findByUsername(username).orElseThrow(() -> ServiceException.notFound("user", username));
        if (self && (Boolean.FALSE.equals(applianceAdmin) || Boolean.TRUE.equals(disabled))) {
            throw ServiceException.conflict("cannot_demote_self", "You cannot remove your own admin role or disable yourself.");
        }
        if (password != null) {
            checkPassword(password);
            user = user.withPasswordHash(hasher.hash(password));
        }
        if (applianceAdmin != null) {
            user = user.withApplianceAdmin(applianceAdmin);
        }
        if (disabled != null) {
            user = user.withDisabled(disabled);
        }
        User saved = users.update(user);
        audit.record(caller, "user.update", null, username, describeChange(applianceAdmin, disabled, password != null));
        return saved;
    }

    /** Checks a username and password; empty when they do not match an enabled user. */
    @Transactional(readOnly = true)
    public Optional<Caller> authenticate(String username, String password) {
        return users.findByUsername(username == null ? "" : username)
                .filter(u -> !u.disabled())
                .filter(u -> hasher.matches(password, u.passwordHash()))
                .map(Caller::of);
    }

    private static void checkPassword(String password) {
        if (password == null) {
            return;
        }
        if (password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw ServiceException.invalid("password", "A password must have between " + MIN_PASSWORD_LENGTH
                    + " and " + MAX_PASSWORD_LENGTH + " characters.");
        }
    }

    private static String describeChange(Boolean admin, Boolean disabled, boolean password) {
        StringBuilder sb = new StringBuilder();
        if (admin != null) {
            sb.append("applianceAdmin=").append(admin).append(' ');
        }
        if (disabled != null) {
            sb.append("disabled=").append(disabled).append(' ');
        }
        if (password) {
            sb.append("password changed");
        }
        return sb.toString().trim();
    }
}
