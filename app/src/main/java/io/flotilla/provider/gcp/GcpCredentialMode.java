package io.flotilla.provider.gcp;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How the appliance gets credentials in a GCP project. */
public enum GcpCredentialMode {
    /**
     * The appliance's own service account (the VM's, from the metadata server, or the pod's through workload
     * identity): nothing stored. The normal case.
     */
    ATTACHED_SERVICE_ACCOUNT,
    /** A service account of another project, impersonated with iamcredentials generateAccessToken (short-lived tokens). */
    IMPERSONATE,
    /** A service-account key, kept in the secret store. Supported, discouraged: keys do not expire. */
    SERVICE_ACCOUNT_KEY;

    /** The name used in JSON and on the command line, e.g. {@code impersonate}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every mode's {@link #value()}, in order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(GcpCredentialMode::value).toList();
    }

    /** Parses {@link #value()}; IllegalArgumentException otherwise (accounts are checked at registration). */
    public static GcpCredentialMode parse(String value) {
        for (GcpCredentialMode mode : values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("not a GCP credential mode: " + value);
    }
}
