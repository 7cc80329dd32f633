package io.flotilla.identity;

import io.flotilla.audit.AuditLog;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;

/** Audit entries of password sign-in, each in a transaction of its own (a refused sign-in rolls nothing back). */
@Singleton
public class SignInAudit {
    /** Action of a successful password sign-in. */
    public static final String SIGN_IN = "auth.sign_in";
    /** Action of a lock-out started by failed sign-ins. */
    public static final String LOCK_OUT = "auth.lock_out";
    private final AuditLog audit;

    public SignInAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Transactional
    public void signedIn(Caller caller, String clientAddress, String via) {
        audit.record(caller, SIGN_IN, null, caller.username(), "password sign-in via " + via + " from " + clientAddress);
    }

    @Transactional
    public void lockedOut(List<SignInThrottle.LockOut> lockOuts, String username, String clientAddress) {
        for (SignInThrottle.LockOut lockOut : lockOuts) {
            String whose = lockOut.kind().equals("user") ? "for user '" + username + "'" : "from " + clientAddress;
            audit.record(null, LOCK_OUT, null, lockOut.key(), lockOut.allowance() + "+ failed sign-ins " + whose
                    + " (last from " + clientAddress + "): next attempt allowed after " + lockOut.backOff().toSeconds() + " s");
        }
    }
}
