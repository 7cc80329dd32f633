package io.flotilla.secrets.vault;

import io.flotilla.error.ServiceException;
import io.flotilla.secrets.SecretStoreErrors;
import io.github.jopenlibs.vault.VaultException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** Turns the Vault driver's failures into {@link ServiceException}s with sentences an operator can act on. */
final class VaultErrors {
    private final String addr;
    private final String policyHint;

    VaultErrors(VaultConfig config) {
        this.addr = config.getAddr();
        String prefix = config.getPathPrefix().isEmpty() ? "" : config.getPathPrefix() + "/";
        this.policyHint = "the Vault policy of Flotilla's token must allow create, read, update and delete on "
                + config.getMount() + "/data/" + prefix + "* and delete on " + config.getMount() + "/metadata/" + prefix + "*";
    }

    /** A failure thrown by the driver: an HTTP error status, or no answer at all. */
    ServiceException of(VaultException e) {
        if (e instanceof VaultLogin.Failure) {
            return SecretStoreErrors.unavailable("login_failed", "Flotilla cannot log in to Vault at " + addr + ": "
                    + e.getMessage(), e);
        }
        int status = e.getHttpStatusCode();
        return status == 0 ? unreachable(e) : ofStatus(status, e);
    }

    /** A response with an error status that the driver returned instead of throwing. */
    ServiceException ofStatus(int status, Throwable cause) {
        if (status == 503) {
            return SecretStoreErrors.sealed(sealedMessage(), cause);
        }
        if (status == 403) {
            return SecretStoreErrors.unavailable("permission_denied", "Vault at " + addr
                    + " denied access (HTTP 403): " + policyHint + ", and its token must not have expired.", cause);
        }
        return SecretStoreErrors.unavailable("Vault at " + addr + " answered HTTP " + status
                + " where Flotilla expected success; see the Vault server log.", cause);
    }

    String sealedMessage() {
        return "Vault at " + addr + " is sealed: an operator must unseal it.";
    }

    private ServiceException unreachable(VaultException e) {
        return SecretStoreErrors.unavailable("Vault at " + addr + " cannot be reached (" + why(e)
                + "): check that it is running and that FLOTILLA_VAULT_ADDR is right.", e);
    }

    private static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        return "no answer";
    }
}
