package io.flotilla.environment.sync;

/** How bad a package-sync issue is, from least to most severe. */
public enum IssueSeverity {
    /** Worth knowing (a package left out on request); refuses only with failOn=any. */
    INFO,
    /** The cluster's environment differs a little (an approximated version, a pip check problem). */
    WARNING,
    /** The cluster would not run the client's code faithfully (a critical package that cannot match). */
    CRITICAL
}
