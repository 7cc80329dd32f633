package io.flotilla.account;

import io.flotilla.error.ServiceException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the appliance gets credentials in a cloud account. */
public enum CredentialMode {
    /** The appliance's own role (it runs in that account): nothing stored. The normal case. */
    INSTANCE_ROLE,
    /** A role of another account, assumed with an external id. */
    ASSUME_ROLE,
    /** Long-lived access keys, kept in the secret store. Supported, discouraged. */
    ACCESS_KEYS;

    /** The name used in JSON and on the command line, e.g. {@code assume_role}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #value()}; 400 naming the allowed values otherwise. */
    public static CredentialMode parse(String value) {
        for (CredentialMode mode : values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        throw ServiceException.invalid("credentials.mode", "credentials.mode must be one of "
                + Arrays.stream(values()).map(CredentialMode::value).collect(Collectors.joining(", ")) + ".");
    }
}
