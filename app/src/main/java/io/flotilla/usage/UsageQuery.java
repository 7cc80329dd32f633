package io.flotilla.usage;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * A usage question: usage between {@code since} (inclusive) and {@code until} (exclusive), optionally of one user or
 * cluster name, grouped, one page of the groups. Every query is checked when it is made, whoever makes it (REST, the
 * console): a range that is inverted or longer than {@link #MAX_RANGE}, or a page out of bounds, is refused with a
 * sentence.
 */
public record UsageQuery(UsageGroup by, Instant since, Instant until, @Nullable String user, @Nullable String cluster,
                         int limit, int offset) {
    /** The longest range one report covers. */
    public static final Duration MAX_RANGE = Duration.ofDays(3660);
    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    public UsageQuery {
        if (!since.isBefore(until)) {
            throw ServiceException.invalid("since", "since (" + since + ") must be before until (" + until + ").");
        }
        if (Duration.between(since, until).compareTo(MAX_RANGE) > 0) {
            throw ServiceException.invalid("until", "A usage report covers at most " + MAX_RANGE.toDays()
                    + " days; narrow since/until.");
        }
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ServiceException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + " and offset at least 0.");
        }
        user = blankToNull(user);
        cluster = blankToNull(cluster);
    }

    private static String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
