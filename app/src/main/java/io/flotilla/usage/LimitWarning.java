package io.flotilla.usage;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A limit the workspace is close to ({@value #WARNING}: 80 % or more) or has reached ({@value #REACHED}).
 *
 * @param limit the limit's field name, e.g. {@code cpuHoursPerMonth}
 */
@Serdeable
public record LimitWarning(String limit, double value, double used, String level, String message) {
    /** At least {@link Limits#WARN_FRACTION} of the limit is used. */
    public static final String WARNING = "warning";
    /** The limit is used up: new clusters and scale-ups are refused. */
    public static final String REACHED = "reached";
}
