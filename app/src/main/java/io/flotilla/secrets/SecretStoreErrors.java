package io.flotilla.secrets;

import io.flotilla.error.ServiceException;

import java.util.Map;

/** The errors every {@link SecretStore} reports, with stable codes and sentences an operator can act on. */
public final class SecretStoreErrors {
    /** The store cannot be reached, refuses Flotilla, or is otherwise unusable. */
    public static final String UNAVAILABLE = "secret_store_unavailable";
    /** The store is sealed (Vault) and needs an operator to unseal it. */
    public static final String SEALED = "secret_store_sealed";
    /** A stored secret failed its integrity check (embedded store). */
    public static final String INTEGRITY = "secret_integrity_failed";

    private SecretStoreErrors() {
    }

    public static ServiceException unavailable(String message, Throwable cause) {
        return ServiceException.unavailable(UNAVAILABLE, message, cause);
    }

    /** Unavailable, with a machine-readable reason in the details (e.g. {@code permission_denied}). */
    public static ServiceException unavailable(String reason, String message, Throwable cause) {
        return new ServiceException(ServiceException.Kind.UNAVAILABLE, UNAVAILABLE, message, Map.of("reason", reason), cause);
    }

    public static ServiceException sealed(String message, Throwable cause) {
        return ServiceException.unavailable(SEALED, message, cause);
    }

    public static ServiceException integrity(String path, Throwable cause) {
        return ServiceException.unavailable(INTEGRITY, "The stored secret '" + path + "' failed its integrity check: "
                + "its row was changed outside Flotilla, or the master key is not the one it was written with.", cause);
    }
}
