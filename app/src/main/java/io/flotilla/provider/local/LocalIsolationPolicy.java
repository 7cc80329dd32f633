package io.flotilla.provider.local;

import io.micronaut.core.annotation.Nullable;

/**
 * Whether local instances run apart from the appliance, decided from who the appliance runs as and
 * {@code flotilla.local.run-as}:
 * <ul>
 *   <li>appliance root, run-as unset: {@link Mode#ISOLATED} under {@value #DEFAULT_ACCOUNT} (created if missing);</li>
 *   <li>appliance root, run-as a user: {@link Mode#ISOLATED} under that user (which must exist);</li>
 *   <li>run-as naming the appliance's own user: {@link Mode#OFF}, by choice;</li>
 *   <li>appliance not root, run-as unset: {@link Mode#OFF} (switching users needs root);</li>
 *   <li>appliance not root, run-as another user: {@link Mode#UNAVAILABLE}: local launches fail with the reason.</li>
 * </ul>
 *
 * @param account  the run-as account when ISOLATED, else null
 * @param create   whether the account is the default one, which the appliance creates when it is missing
 */
public record LocalIsolationPolicy(Mode mode, @Nullable String account, boolean create, String sentence) {
    /** The account the appliance creates and uses when it runs as root and no run-as is configured. */
    public static final String DEFAULT_ACCOUNT = "flotilla-run";
    /** What users are told (console, /health, log) while local clusters are not isolated. */
    public static final String NOT_ISOLATED =
            "local clusters run as the appliance's user: any cluster's code can read the appliance's data";

    public enum Mode { ISOLATED, OFF, UNAVAILABLE }

    /**
     * @param euid     the appliance's effective uid
     * @param ownUser  the appliance's user name
     * @param runAs    {@code flotilla.local.run-as}, null when unset
     */
    public static LocalIsolationPolicy decide(long euid, String ownUser, @Nullable String runAs) {
        String configured = runAs == null || runAs.isBlank() ? null : runAs.trim();
        if (configured != null && configured.equals(ownUser)) {
            return new LocalIsolationPolicy(Mode.OFF, null, false, NOT_ISOLATED
                    + " (flotilla.local.run-as names the appliance's own user '" + ownUser + "').");
        }
        if (euid != 0) {
            if (configured == null) {
                return new LocalIsolationPolicy(Mode.OFF, null, false, NOT_ISOLATED + " (the appliance runs as '"
                        + ownUser + "', not root: run it as root, or see docs/local-runtime.md for when this is acceptable).");
            }
            return new LocalIsolationPolicy(Mode.UNAVAILABLE, null, false, "flotilla.local.run-as is '" + configured
                    + "' but the appliance runs as '" + ownUser + "', not root, so it cannot start processes as another"
                    + " user: run the appliance as root, or unset flotilla.local.run-as.");
        }
        String account = configured == null ? DEFAULT_ACCOUNT : configured;
        return new LocalIsolationPolicy(Mode.ISOLATED, account, configured == null,
                "local clusters run isolated under the account '" + account + "'.");
    }

    public boolean isolated() {
        return mode == Mode.ISOLATED;
    }
}
