package io.flotilla.identity;

import io.flotilla.error.ServiceException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Password sign-in for every front end (REST, console): throttled per username and client address
 * ({@link SignInThrottle}), audited ({@link SignInAudit}), and refused with
 * {@code password_change_required} while a user's password serves only to choose a new one.
 */
@Singleton
public class SignInService {
    /** The route that sets a new password with the current one. */
    public static final String CHANGE_ROUTE = "/api/v1/auth/password";
    private final UserService users;
    private final SignInThrottle throttle;
    private final SignInAudit audit;

    public SignInService(UserService users, SignInThrottle throttle, SignInAudit audit) {
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * The caller these credentials stand for.
     *
     * @param clientAddress the peer address of the request (throttling key)
     * @param via           the front end, for the audit log ({@code api}, {@code console})
     */
    public Caller signIn(String username, String password, String clientAddress, String via) {
        User user = verify(username, password, clientAddress);
        if (user.passwordChangeRequired()) {
            throw changeRequired();
        }
        Caller caller = Caller.of(user);
        audit.signedIn(caller, clientAddress, via);
        return caller;
    }

    /** Sets a new password with the current one (which may be one that must be changed) and signs in. */
    public Caller changePassword(String username, String password, String newPassword, String clientAddress, String via) {
        User user = verify(username, password, clientAddress);
        Caller caller = Caller.of(users.replacePassword(user, password, newPassword));
        audit.signedIn(caller, clientAddress, via);
        return caller;
    }

    private User verify(String username, String password, String clientAddress) {
        SignInThrottle.Attempt attempt = throttle.begin(username, clientAddress);
        Optional<User> user = users.verifyPassword(username, password);
        if (user.isEmpty()) {
            List<SignInThrottle.LockOut> lockOuts = attempt.failed();
            if (!lockOuts.isEmpty()) {
                audit.lockedOut(lockOuts, username, clientAddress);
            }
            throw new ServiceException(ServiceException.Kind.UNAUTHENTICATED, "bad_credentials",
                    "The username or password is wrong, or the user is disabled.", Map.of());
        }
        attempt.succeeded();
        return user.get();
    }

    private static ServiceException changeRequired() {
        return new ServiceException(ServiceException.Kind.FORBIDDEN, "password_change_required",
                "The password is right, but it must be changed before it can be used: choose a new one with POST "
                        + CHANGE_ROUTE + " (username, password, newPassword). " + PasswordPolicy.RULES + ".",
                Map.of("changeRoute", CHANGE_ROUTE, "minLength", PasswordPolicy.MIN_LENGTH));
    }
}
