package io.flotilla.provider.aws;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How the appliance gets credentials in an AWS account. */
public enum AwsCredentialMode {
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

    /** Every mode's {@link #value()}, in order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(AwsCredentialMode::value).toList();
    }

    /** Parses {@link #value()}; IllegalArgumentException otherwise (accounts are checked at registration). */
    public static AwsCredentialMode parse(String value) {
        for (AwsCredentialMode mode : values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("not an AWS credential mode: " + value);
    }
}
