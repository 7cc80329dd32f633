package io.flotilla.secrets.vault;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Flotilla's login at Vault: a driver client bound to the current token. With a method that logs in (AppRole,
 * AWS IAM, GCP, Kubernetes: {@link VaultLogin}) it logs in on first use; {@link #renewIfDue()} renews the token
 * (renew-self) once two thirds of its lease have passed, and logs in again when renewal fails. Tokens are never
 * logged.
 */
final class VaultSession {
    private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);
    private final VaultConfig config;
    private final Clock clock;
    private final VaultLogin loginMethod;
    private volatile Login current;

    /** A client with its token's renewal plan; {@code renewAt == null} means "not known yet". */
    private record Login(Vault vault, boolean renewable, Instant renewAt) {
    }

    VaultSession(VaultConfig config, Clock clock, Supplier<AwsCredentialsProvider> awsCredentials) {
        this.config = config;
        this.clock = clock;
        this.loginMethod = new VaultLogin(config, awsCredentials);
    }

    /** A client with a valid token, logging in first if needed. */
    Vault vault() throws VaultException {
        Login login = current;
        return login != null ? login.vault() : loginIfNeeded().vault();
    }

    /** A client without a token, for unauthenticated endpoints such as sys/health. */
    Vault anonymous() throws VaultException {
        return VaultClients.create(config, null);
    }

    /** Forgets the token so that the next call logs in again (not with token auth: a configured token stays). */
    void invalidate() {
        if (config.method().logsIn()) {
            current = null;
        }
    }

    /** Renews the token when it is due; logs in again when renewal fails (methods that log in). */
    synchronized void renewIfDue() throws VaultException {
        Login login = current;
        if (login == null) {
            if (config.method().logsIn()) {
                login();
            } else {
                current = new Login(VaultClients.create(config, config.getToken()), true, null);
                renewIfDue();
            }
            return;
        }
        if (!login.renewable() || (login.renewAt() != null && clock.instant().isBefore(login.renewAt()))) {
            return;
        }
        try {
            AuthResponse renewed = login.vault().auth().renewSelf();
            current = fromAuth(login.vault(), renewed);
            LOG.debug("Renewed the Vault token; next renewal at {}", current.renewAt());
        } catch (VaultException e) {
            if (config.method().logsIn()) {
                LOG.info("Renewing the Vault token failed (HTTP {}); logging in again with {}", e.getHttpStatusCode(),
                        VaultLogin.label(config.method()));
                login();
            } else if (e.getHttpStatusCode() >= 400 && e.getHttpStatusCode() < 500) {
                LOG.warn("The configured Vault token cannot be renewed (HTTP {}); it is used as it is until it expires",
                        e.getHttpStatusCode());
                current = new Login(login.vault(), false, null);
            } else {
                throw e;
            }
        }
    }

    private synchronized Login loginIfNeeded() throws VaultException {
        Login login = current;
        return login != null ? login : login();
    }

    private synchronized Login login() throws VaultException {
        if (!config.method().logsIn()) {
            current = new Login(VaultClients.create(config, config.getToken()), true, null);
            return current;
        }
        AuthResponse auth = loginMethod.login(anonymous());
        current = fromAuth(VaultClients.create(config, auth.getAuthClientToken()), auth);
        LOG.info("Logged in to Vault with {}; token renewal due at {}", VaultLogin.label(config.method()), current.renewAt());
        return current;
    }

    private Login fromAuth(Vault previous, AuthResponse auth) throws VaultException {
        String token = auth.getAuthClientToken();
        Vault vault = token == null ? previous : VaultClients.create(config, token);
        long lease = auth.getAuthLeaseDuration();
        if (lease <= 0) {
            return new Login(vault, false, null);
        }
        Instant renewAt = clock.instant().plus(Duration.ofSeconds(lease).multipliedBy(2).dividedBy(3));
        return new Login(vault, auth.isAuthRenewable(), renewAt);
    }
}
