package io.flotilla.environment.sync;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which issues refuse a package sync (package_sync_fail_on). */
public enum FailOn {
    CRITICAL_ONLY("critical-only", IssueSeverity.CRITICAL),
    WARNING_OR_HIGHER("warning-or-higher", IssueSeverity.WARNING),
    ANY("any", IssueSeverity.INFO);

    private final String wire;
    private final IssueSeverity threshold;

    FailOn(String wire, IssueSeverity threshold) {
        this.wire = wire;
        this.threshold = threshold;
    }

    public String wire() {
        return wire;
    }

    /** Whether an issue of this severity refuses the sync. */
    public boolean refuses(IssueSeverity severity) {
        return severity.compareTo(threshold) >= 0;
    }

    /** The setting named on the wire; critical-only when null; a 400 naming the choices otherwise. */
    public static FailOn parse(@Nullable String value) {
        if (value == null) {
            return CRITICAL_ONLY;
        }
        return Arrays.stream(values()).filter(f -> f.wire.equals(value)).findFirst().orElseThrow(() ->
                ServiceException.invalid("failOn", "failOn must be one of "
                        + Arrays.stream(values()).map(FailOn::wire).collect(Collectors.joining(", ")) + ", not '" + value + "'."));
    }
}
