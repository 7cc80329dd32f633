package io.flotilla.identity;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users of the appliance: who they are, their passwords, and their management by admins. Signing in
 * goes through {@link SignInService}, which throttles and enforces a required password change.
 */
@Singleton
public class UserService {
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = PasswordPolicy.MIN_LENGTH;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final ApplicationEventPublisher<PasswordChanged> passwordChanges;
    private final Clock clock;

    public UserService(UserRepository users, PasswordHasher hasher, AuditLog audit,
                       ApplicationEventPublisher<PasswordChanged> passwordChanges, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.passwordChanges = passwordChanges;
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

    /** Creates a user (appliance admins only) whose password works as it is. */
    @Transactional
    public User create(Caller caller, String username, String displayName, String password, boolean applianceAdmin) {
        return create(caller, username, displayName, password, applianceAdmin, false);
    }

    /**
     * Creates a user (appliance admins only).
     *
     * @param mustChangePassword the password serves only to choose a new one at the first sign-in
     */
    @Transactional
    public User create(Caller caller, String username, String displayName, String password, boolean applianceAdmin,
                       boolean mustChangePassword) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        Names.require("username", username);
        Names.text("display name", displayName, 128);
        if (password != null) {
            PasswordPolicy.check("password", username, password);
        } else if (mustChangePassword) {
            throw ServiceException.invalid("passwordChangeRequired", "Only a user with a password can be asked to change it.");
        }
        if (users.existsByUsername(username)) {
            throw ServiceException.conflict("user_exists", "A user named '" + username + "' already exists.");
        }
        User user = users.save(new User(UUID.randomUUID(), username,
                displayName == null || displayName.isBlank() ? username : displayName,
                password == null ? null : hasher.hash(password), applianceAdmin, false, clock.instant(), mustChangePassword));
        String details = (applianceAdmin ? "appliance admin " : "") + (mustChangePassword ? "must change password" : "");
        audit.record(caller, "user.create", null, username, details.isBlank() ? null : details.trim());
        return user;
    }

    /** Changes a user's admin flag, disabled flag or password; null leaves a field as it is. */
    @Transactional
    public User update(Caller caller, String username, Boolean applianceAdmin, Boolean disabled, String password) {
        return update(caller, username, applianceAdmin, disabled, password, null);
    }

    /**
     * Changes a user's admin flag, disabled flag, password or must-change flag; null leaves a field as it is.
     * Users may change their own password (which clears their must-change flag); the rest is for appliance admins.
     */
    @Transactional
    public User update(Caller caller, String username, Boolean applianceAdmin, Boolean disabled, String password,
                       Boolean mustChangePassword) {
        boolean self = caller.username().equals(username);
        if (!caller.applianceAdmin() && !(self && applianceAdmin == null && disabled == null && mustChangePassword == null)) {
            throw self ? ServiceException.forbidden("Only appliance administrators can change roles or disable users.")
                    : ServiceException.notFound("user", username);
        }
        User user = users.findByUsername(username).orElseThrow(() -> ServiceException.notFound("user", username));
        if (self && (Boolean.FALSE.equals(applianceAdmin) || Boolean.TRUE.equals(disabled))) {
            throw ServiceException.conflict("cannot_demote_self", "You cannot remove your own admin role or disable yourself.");
        }
        if (self && Boolean.TRUE.equals(mustChangePassword)) {
            throw ServiceException.conflict("cannot_flag_self", "You cannot require a password change of yourself: change your password instead.");
        }
        if (Boolean.TRUE.equals(mustChangePassword) && password == null && user.passwordHash() == null) {
            throw ServiceException.invalid("passwordChangeRequired", "Only a user with a password can be asked to change it.");
        }
        if (password != null) {
            PasswordPolicy.check("password", username, password);
            user = user.withPassword(hasher.hash(password), !self && Boolean.TRUE.equals(mustChangePassword));
            passwordChanges.publishEvent(new PasswordChanged(username));
        } else if (mustChangePassword != null) {
            user = user.withPassword(user.passwordHash(), mustChangePassword);
        }
        if (applianceAdmin != null) {
            user = user.withApplianceAdmin(applianceAdmin);
        }
        if (disabled != null) {
            user = user.withDisabled(disabled);
        }
        User saved = users.update(user);
        audit.record(caller, "user.update", null, username, describeChange(applianceAdmin, disabled, password != null,
                mustChangePassword));
        return saved;
    }

    /**
     * The enabled user whose password this is; empty otherwise (unknown users cost the same time). Neither
     * throttled nor checking the must-change flag: front ends sign in through {@link SignInService}.
     */
    @Transactional(readOnly = true)
    Optional<User> verifyPassword(String username, String password) {
        Optional<User> user = users.findByUsername(username == null ? "" : username).filter(u -> !u.disabled());
        return hasher.matches(password, user.map(User::passwordHash).orElse(null)) ? user : Optional.empty();
    }

    /** Gives a user whose current password was just verified a new one, and clears the must-change flag. */
    @Transactional
    User replacePassword(User verified, String current, String replacement) {
        PasswordPolicy.checkReplacement(verified.username(), current, replacement);
        User user = users.findById(verified.id()).orElseThrow(() -> ServiceException.notFound("user", verified.username()));
        User saved = users.update(user.withPassword(hasher.hash(replacement), false));
        audit.record(Caller.of(saved), "user.password_change", null, saved.username(),
                user.passwordChangeRequired() ? "replaced a password that had to be changed" : null);
        passwordChanges.publishEvent(new PasswordChanged(saved.username()));
        return saved;
    }

    private static String describeChange(Boolean admin, Boolean disabled, boolean password, Boolean mustChange) {
        StringBuilder sb = new StringBuilder();
        if (admin != null) {
            sb.append("applianceAdmin=").append(admin).append(' ');
        }
        if (disabled != null) {
            sb.append("disabled=").append(disabled).append(' ');
        }
        if (password) {
            sb.append("password changed ");
        }
        if (mustChange != null) {
            sb.append("passwordChangeRequired=").append(mustChange);
        }
        return sb.toString().trim();
    }
}
